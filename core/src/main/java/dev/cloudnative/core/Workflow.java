package dev.cloudnative.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the named steps of one application operation in order, timing and logging each; the first
 * failure becomes a {@link DeployException} naming the step and the steps done before it.
 *
 * <p>Not thread-safe: one operation, under its application's lock, uses it.
 */
final class Workflow {

  // the application's logger, so that the workflow's lines keep the category users configure
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final String application;
  private final String operation;
  private final List<StepReport> done = new ArrayList<>();

  Workflow(String application, String operation) {
    this.application = application;
    this.operation = operation;
  }

  void step(String step, Supplier<String> action) {
    long start = System.nanoTime();
    try {
      String detail = action.get();
      StepReport report = new StepReport(step, Duration.ofNanos(System.nanoTime() - start), detail);
      done.add(report);
      LOG.info("{} {}: {}", operation, application, report);
    } catch (RuntimeException e) {
      throw new DeployException(application, step, done.stream().map(StepReport::step).toList(), e);
    }
  }

  DeployReport report() {
    return new DeployReport(application, operation, done);
  }
}
