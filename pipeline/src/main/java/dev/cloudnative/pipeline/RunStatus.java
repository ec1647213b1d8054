package dev.cloudnative.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Snapshot of a whole run. Immutable record, thread-safe.
 *
 * @param runId the run's id
 * @param pipeline the pipeline's name
 * @param status the run's state
 * @param startedAt when it started
 * @param duration time it ran (or has been running)
 * @param message why it failed, timed out or was cancelled
 * @param stages regular stages in declaration order, then finally stages
 */
public record RunStatus(
    String runId,
    String pipeline,
    Status status,
    Instant startedAt,
    Duration duration,
    Optional<String> message,
    List<StageStatus> stages) {
  /** Validates the components and makes collections immutable copies. */
  public RunStatus {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(message, "message");
    stages = List.copyOf(Objects.requireNonNull(stages, "stages"));
  }

  /** The stage called {@code name}. */
  public Optional<StageStatus> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /**
   * The step {@code step} of stage {@code stage}.
   *
   * @throws java.util.NoSuchElementException naming what was missing
   */
  public StepStatus step(String stage, String step) {
    return stage(stage)
        .orElseThrow(() -> new java.util.NoSuchElementException("no stage '" + stage + "'"))
        .step(step)
        .orElseThrow(
            () ->
                new java.util.NoSuchElementException(
                    "no step '" + step + "' in stage '" + stage + "'"));
  }
}
