package dev.cloudnative.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an application workflow did, step by step, with timings. Only returned when every step
 * succeeded; a failed step throws {@link DeployException} instead.
 *
 * <p>Immutable and thread-safe.
 *
 * @param application the application's name
 * @param operation the workflow, e.g. {@code deploy}, {@code canary v2}, {@code promote}
 * @param steps the steps in the order they ran
 */
public record DeployReport(String application, String operation, List<StepReport> steps) {

  public DeployReport {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(operation, "operation");
    steps = List.copyOf(steps);
  }

  /** The sum of the steps' durations. */
  public Duration total() {
    return steps.stream().map(StepReport::duration).reduce(Duration.ZERO, Duration::plus);
  }

  /** A few readable lines: one per step and the total. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(operation).append(' ').append(application).append('\n');
    steps.forEach(s -> out.append("  ").append(s).append('\n'));
    return out.append("  total ").append(total().toMillis()).append(" ms").toString();
  }
}
