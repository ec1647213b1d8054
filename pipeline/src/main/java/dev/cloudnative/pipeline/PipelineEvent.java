package dev.cloudnative.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Something that happened during a run, delivered to {@link PipelineListener}s. The family is
 * sealed so a listener can switch over it exhaustively. Immutable records, thread-safe.
 */
public sealed interface PipelineEvent {

  /** The run the event belongs to. */
  String runId();

  /** The run started. */
  record RunStarted(String runId, String pipeline, Instant at) implements PipelineEvent {}

  /** A stage started. */
  record StageStarted(String runId, String stage, Instant at) implements PipelineEvent {}

  /** An attempt of a step started. */
  record StepStarted(String runId, String stage, String step, int attempt, Instant at)
      implements PipelineEvent {}

  /** A step wrote a line (without its terminator). */
  record StepOutput(
      String runId, String stage, String step, int attempt, OutputChannel channel, String line)
      implements PipelineEvent {}

  /**
   * An attempt of a step finished.
   *
   * @param willRetry whether another attempt follows
   */
  record StepFinished(
      String runId,
      String stage,
      String step,
      int attempt,
      Status status,
      OptionalInt exitCode,
      Duration duration,
      Optional<String> message,
      boolean willRetry)
      implements PipelineEvent {}

  /** A stage reached a terminal status (also when skipped without starting). */
  record StageFinished(String runId, StageStatus stage) implements PipelineEvent {}

  /** The run finished; {@code status} is the final snapshot. */
  record RunFinished(String runId, RunStatus status) implements PipelineEvent {}
}
