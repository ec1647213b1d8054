package dev.cloudnative.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Snapshot of one step. Immutable record, thread-safe.
 *
 * @param name the step's name
 * @param status its state
 * @param attempts attempts started so far (0 if never started)
 * @param exitCode exit code of the last finished process attempt, if any
 * @param startedAt when the first attempt started
 * @param duration time from the first start to the end (or to the snapshot while running)
 * @param message why it failed, timed out, was cancelled or skipped
 * @param outputLines lines written so far on both streams, all attempts
 * @param tail the last lines written (bounded by the runner's tail size), in arrival order
 */
public record StepStatus(
    String name,
    Status status,
    int attempts,
    OptionalInt exitCode,
    Optional<Instant> startedAt,
    Duration duration,
    Optional<String> message,
    long outputLines,
    List<OutputLine> tail) {
  /** Validates the components and makes collections immutable copies. */
  public StepStatus {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(message, "message");
    tail = List.copyOf(Objects.requireNonNull(tail, "tail"));
  }

  /** The tail lines of one channel, in order. */
  public List<String> tail(OutputChannel channel) {
    return tail.stream().filter(l -> l.channel() == channel).map(OutputLine::text).toList();
  }
}
