package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.Objects;

/**
 * Envoy-style circuit-breaker thresholds of a subset: at most {@code maxInFlight} requests execute
 * at once; up to {@code maxPending} more may wait (for at most {@code maxPendingWait}, and never
 * past the call's deadline) for a slot; anything beyond is rejected fast with {@link
 * ConcurrencyLimitExceededException}. Immutable; thread-safe.
 *
 * @param maxInFlight concurrent requests allowed, >= 1
 * @param maxPending requests allowed to wait for a slot, >= 0
 * @param maxPendingWait longest wait for a slot
 */
public record ConcurrencyLimits(int maxInFlight, int maxPending, Duration maxPendingWait) {

  /**
   * Effectively unlimited (Envoy's defaults are 1024; an embedded client rarely wants a silent
   * cap).
   */
  public static final ConcurrencyLimits UNLIMITED =
      new ConcurrencyLimits(Integer.MAX_VALUE, 0, Duration.ZERO);

  public ConcurrencyLimits {
    Objects.requireNonNull(maxPendingWait, "maxPendingWait");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight was " + maxInFlight + "; allowed >= 1");
    }
    if (maxPending < 0) {
      throw new IllegalArgumentException("maxPending was " + maxPending + "; allowed >= 0");
    }
    if (maxPendingWait.isNegative()) {
      throw new IllegalArgumentException("maxPendingWait was " + maxPendingWait + "; allowed >= 0");
    }
  }

  /**
   * @return limits that reject immediately once {@code maxInFlight} requests are running
   */
  public static ConcurrencyLimits of(int maxInFlight) {
    return new ConcurrencyLimits(maxInFlight, 0, Duration.ZERO);
  }

  /**
   * @return limits with a pending queue
   */
  public static ConcurrencyLimits of(int maxInFlight, int maxPending, Duration maxPendingWait) {
    return new ConcurrencyLimits(maxInFlight, maxPending, maxPendingWait);
  }
}
