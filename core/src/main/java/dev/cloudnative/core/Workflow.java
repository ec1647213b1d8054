package dev.cloudnative.core;

import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the named steps of one application operation in order, timing and logging each; the first
 * failure becomes a {@link DeployException} naming the step and the steps done before it. Each
 * workflow and step is timed ({@code cloudnative.workflow.duration}, {@code
 * cloudnative.workflow.step.duration}) and observed as a span, through {@link WorkflowInstruments}.
 *
 * <p>Not thread-safe: one operation, under its application's lock, uses it.
 */
final class Workflow {

  // the application's logger, so that the workflow's lines keep the category users configure
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final String application;
  private final String operation;
  private final List<StepReport> done = new ArrayList<>();
  private final WorkflowInstruments instruments;

  /** The operation's first word ("canary v2" is a "canary"): a bounded tag value. */
  private final String kind;

  private final long started = System.nanoTime();
  private final Observation observation;
  private boolean ended;

  Workflow(String application, String operation, WorkflowInstruments instruments) {
    this.application = application;
    this.operation = operation;
    this.instruments = instruments;
    int space = operation.indexOf(' ');
    this.kind = (space < 0 ? operation : operation.substring(0, space)).toLowerCase(Locale.ROOT);
    this.observation = instruments.startWorkflow(application, kind, operation);
  }

  void step(String step, Supplier<String> action) {
    long start = System.nanoTime();
    Observation stepObservation = instruments.startStep(observation, application, step);
    try (Observation.Scope scope = stepObservation.openScope()) {
      String detail = action.get();
      long nanos = System.nanoTime() - start;
      StepReport report = new StepReport(step, Duration.ofNanos(nanos), detail);
      done.add(report);
      instruments.recordStep(application, kind, step, "success", nanos);
      LOG.info("{} {}: {}", operation, application, report);
    } catch (RuntimeException e) {
      instruments.recordStep(application, kind, step, "failure", System.nanoTime() - start);
      stepObservation.error(e);
      end("failure", e);
      throw new DeployException(application, step, done.stream().map(StepReport::step).toList(), e);
    } finally {
      stepObservation.stop();
    }
  }

  DeployReport report() {
    end("success", null);
    return new DeployReport(application, operation, done);
  }

  private void end(String outcome, RuntimeException error) {
    if (ended) {
      return;
    }
    ended = true;
    instruments.recordWorkflow(application, kind, outcome, System.nanoTime() - started);
    if (error != null) {
      observation.error(error);
    }
    observation.stop();
  }
}
