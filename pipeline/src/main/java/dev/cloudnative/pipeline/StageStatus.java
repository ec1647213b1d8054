package dev.cloudnative.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Snapshot of one stage. Immutable record, thread-safe.
 *
 * @param name the stage's name
 * @param finallyStage whether it is a finally stage
 * @param status its state
 * @param startedAt when it started
 * @param duration time it ran (or has been running)
 * @param message why it failed, was skipped or cancelled
 * @param steps its steps, in declaration order
 * @param outputs outputs its steps published
 */
public record StageStatus(
    String name,
    boolean finallyStage,
    Status status,
    Optional<Instant> startedAt,
    Duration duration,
    Optional<String> message,
    List<StepStatus> steps,
    Map<String, String> outputs) {
  /** Validates the components and makes collections immutable copies. */
  public StageStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(message, "message");
    steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
    outputs = Map.copyOf(Objects.requireNonNull(outputs, "outputs"));
  }

  /** The step called {@code stepName}. */
  public Optional<StepStatus> step(String stepName) {
    return steps.stream().filter(s -> s.name().equals(stepName)).findFirst();
  }
}
