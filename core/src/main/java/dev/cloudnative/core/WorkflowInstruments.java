package dev.cloudnative.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Optional;

/**
 * The facade's own meters and observations: one {@code cloudnative.workflow} per application
 * operation (deploy, scale, canary, promote, rollback, undeploy) with a {@code
 * cloudnative.workflow.step} child per step. Workflows run seconds, not nanoseconds, so timers are
 * looked up in the registry per workflow (Micrometer keeps one meter per name and tags) instead of
 * being cached here.
 *
 * <p>Immutable and thread-safe.
 */
final class WorkflowInstruments {

  static final String WORKFLOW = "cloudnative.workflow";
  static final String STEP = "cloudnative.workflow.step";

  private final Optional<MeterRegistry> meters;
  private final ObservationRegistry observations;

  WorkflowInstruments(Optional<MeterRegistry> meters, ObservationRegistry observations) {
    this.meters = meters;
    this.observations = observations;
  }

  /** Starts a workflow's observation; a no-op one when no observation registry is configured. */
  Observation startWorkflow(String application, String workflow, String detail) {
    if (observations.isNoop()) {
      return Observation.NOOP;
    }
    return Observation.createNotStarted(WORKFLOW, observations)
        .lowCardinalityKeyValue("application", application)
        .lowCardinalityKeyValue("workflow", workflow)
        .highCardinalityKeyValue("detail", detail)
        .start();
  }

  /** Starts a step's observation as a child of its workflow's. */
  Observation startStep(Observation workflowObservation, String application, String step) {
    if (observations.isNoop()) {
      return Observation.NOOP;
    }
    return Observation.createNotStarted(STEP, observations)
        .parentObservation(workflowObservation)
        .lowCardinalityKeyValue("application", application)
        .lowCardinalityKeyValue("step", step)
        .start();
  }

  void recordWorkflow(String application, String workflow, String outcome, long nanos) {
    meters.ifPresent(
        r ->
            Timer.builder(WORKFLOW + ".duration")
                .description("Application workflows the facade ran (deploy, scale, canary, ...)")
                .tags("application", application, "workflow", workflow, "outcome", outcome)
                .register(r)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
  }

  void recordStep(String application, String workflow, String step, String outcome, long nanos) {
    meters.ifPresent(
        r ->
            Timer.builder(STEP + ".duration")
                .description("Steps of the facade's application workflows")
                .tags(
                    "application",
                    application,
                    "workflow",
                    workflow,
                    "step",
                    step,
                    "outcome",
                    outcome)
                .register(r)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
  }
}
