package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Optional;

/**
 * The meters of the local runner, behind one interface so that a runner without a registry holds no
 * meters at all ({@link #NOOP}) instead of an empty registry's. Implementations are thread-safe:
 * stages of one run report from their own threads.
 */
interface PipelineMetrics {

  /** Records nothing. */
  PipelineMetrics NOOP = new PipelineMetrics() {};

  /** {@link #NOOP} without a registry, else meters in {@code registry}. */
  static PipelineMetrics of(Optional<MeterRegistry> registry) {
    return registry.<PipelineMetrics>map(MicrometerPipelineMetrics::new).orElse(NOOP);
  }

  /**
   * The {@code outcome} tag of a terminal status: {@code success} for {@link Status#SUCCEEDED} (the
   * house word), else the status lowercased ({@code failed}, {@code timed_out}, {@code cancelled},
   * {@code skipped}).
   */
  static String outcome(Status status) {
    return status == Status.SUCCEEDED ? "success" : status.name().toLowerCase(Locale.ROOT);
  }

  /** A run of {@code pipeline} started. */
  default void runStarted(String pipeline) {}

  /** A run of {@code pipeline} ended with {@code status} after {@code nanos}. */
  default void runFinished(String pipeline, Status status, long nanos) {}

  /** A stage ended (a skipped one after 0 ns). */
  default void stageFinished(String pipeline, String stage, Status status, long nanos) {}

  /** A step's first attempt starts. */
  default void stepStarted(String pipeline) {}

  /** A started step ended (after its last attempt). */
  default void stepEnded(String pipeline) {}

  /** A step ended, all attempts included (a skipped one after 0 ns). */
  default void stepFinished(
      String pipeline, String stage, String step, Status status, long nanos) {}

  /** A failed attempt of a step is retried. */
  default void stepRetried(String pipeline, String stage, String step) {}
}
