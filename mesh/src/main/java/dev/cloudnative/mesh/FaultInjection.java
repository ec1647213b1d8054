package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.Objects;

/**
 * Chaos testing on a route (Istio's HTTPFaultInjection): delay {@code delayPercent} of the calls by
 * {@code delay} and abort {@code abortPercent} with {@link FaultInjectedException} carrying {@code
 * abortStatus}. Immutable; thread-safe.
 */
public record FaultInjection(
    double delayPercent, Duration delay, double abortPercent, int abortStatus) {

  /** No fault. */
  public static final FaultInjection NONE = new FaultInjection(0, Duration.ZERO, 0, 503);

  public FaultInjection {
    Objects.requireNonNull(delay, "delay");
    if (!(delayPercent >= 0 && delayPercent <= 100)) {
      throw new IllegalArgumentException(
          "fault delayPercent was " + delayPercent + "; allowed 0..100");
    }
    if (!(abortPercent >= 0 && abortPercent <= 100)) {
      throw new IllegalArgumentException(
          "fault abortPercent was " + abortPercent + "; allowed 0..100");
    }
    if (delay.isNegative()) {
      throw new IllegalArgumentException("fault delay was " + delay + "; allowed >= 0");
    }
    if (abortStatus < 100 || abortStatus > 599) {
      throw new IllegalArgumentException(
          "fault abort status was " + abortStatus + "; allowed 100..599");
    }
  }

  public static FaultInjection delay(double percent, Duration delay) {
    return new FaultInjection(percent, delay, 0, 503);
  }

  public static FaultInjection abort(double percent, int status) {
    return new FaultInjection(0, Duration.ZERO, percent, status);
  }

  /**
   * @return this fault plus an abort
   */
  public FaultInjection andAbort(double percent, int status) {
    return new FaultInjection(delayPercent, delay, percent, status);
  }

  public boolean isNone() {
    return delayPercent == 0 && abortPercent == 0;
  }
}
