package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.PipelineException;
import dev.cloudnative.pipeline.Status;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Starts and stops the spans {@code pipeline.run} &gt; {@code pipeline.stage} &gt; {@code
 * pipeline.step}. Stages run on other threads than their run, and Java steps on others than their
 * stage, so every parent is passed explicitly rather than taken from the current scope. With a
 * no-op registry nothing is created: every method returns {@link Observation#NOOP}, and {@link
 * #stop} does nothing for it. Immutable and therefore thread-safe.
 */
final class PipelineObservations {
  private final ObservationRegistry registry;
  private final boolean enabled;

  PipelineObservations(ObservationRegistry registry) {
    this.registry = registry;
    this.enabled = !registry.isNoop();
  }

  /** A started {@code pipeline.run}, or {@link Observation#NOOP} when nothing is observed. */
  Observation run(String pipeline, String runId) {
    if (!enabled) {
      return Observation.NOOP;
    }
    return Observation.createNotStarted("pipeline.run", registry)
        .contextualName("pipeline " + pipeline)
        .lowCardinalityKeyValue("pipeline", pipeline)
        .highCardinalityKeyValue("pipeline.run.id", runId)
        .start();
  }

  /**
   * A started {@code pipeline.stage} under {@code run}, or {@link Observation#NOOP} when nothing is
   * observed.
   */
  Observation stage(Observation run, String pipeline, String stage) {
    if (!enabled) {
      return Observation.NOOP;
    }
    return Observation.createNotStarted("pipeline.stage", registry)
        .parentObservation(run)
        .contextualName("stage " + stage)
        .lowCardinalityKeyValue("pipeline", pipeline)
        .lowCardinalityKeyValue("stage", stage)
        .start();
  }

  /**
   * A started {@code pipeline.step} under {@code stage}, or {@link Observation#NOOP} when nothing
   * is observed.
   */
  Observation step(Observation stage, String pipeline, String stageName, String step) {
    if (!enabled) {
      return Observation.NOOP;
    }
    return Observation.createNotStarted("pipeline.step", registry)
        .parentObservation(stage)
        .contextualName("step " + stageName + "/" + step)
        .lowCardinalityKeyValue("pipeline", pipeline)
        .lowCardinalityKeyValue("stage", stageName)
        .lowCardinalityKeyValue("step", step)
        .start();
  }

  /**
   * Stops {@code observation} (nothing for a no-op one) with its {@code outcome}; a failure or
   * timeout is recorded as its error, carrying the status message.
   */
  static void stop(Observation observation, String pipeline, Status status, String message) {
    if (observation.isNoop()) {
      return;
    }
    observation.lowCardinalityKeyValue("outcome", PipelineMetrics.outcome(status));
    if (status.isFailure()) {
      observation.error(
          new PipelineException(pipeline, message == null ? status.describe() : message));
    }
    observation.stop();
  }
}
