package dev.cloudnative.core;

import java.time.Duration;
import java.util.Objects;

/**
 * One completed step of an application workflow.
 *
 * @param step the step's name, e.g. {@code build-image}, {@code await-rollout}
 * @param duration how long it took
 * @param detail what it did, e.g. the image id or the rollout status line
 *     <p>Immutable and thread-safe.
 */
public record StepReport(String step, Duration duration, String detail) {

  public StepReport {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return String.format("%-16s %6d ms  %s", step, duration.toMillis(), detail);
  }
}
