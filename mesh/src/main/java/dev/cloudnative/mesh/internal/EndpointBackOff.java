package dev.cloudnative.mesh.internal;

import java.time.Duration;

/**
 * Applies an endpoint's request to be left alone for a while ({@code Retry-After} on a 429 or 503,
 * through {@link dev.cloudnative.mesh.ServiceMesh#backOff}): moves the endpoint's back-off deadline
 * forward (never back) and, when the endpoint was taking traffic, rebuilds the service's subset
 * views without it. An extension of a back-off in force rebuilds nothing: the view's recheck at the
 * old deadline sees the new one. Each subset view excludes a backing-off endpoint until its
 * deadline ({@link SubsetRuntime#rebuild}). Stateless; thread-safe (the deadline is a
 * compare-and-set).
 */
final class EndpointBackOff {

  /** The deadline of an endpoint that never backed off. */
  static final long NONE = Long.MIN_VALUE;

  private EndpointBackOff() {}

  /**
   * @param duration the time asked for, cut to the policy's {@code maxRetryAfter}
   * @param nowNanos the clock's current reading
   */
  static void apply(ServiceRuntime svc, EndpointRuntime ep, Duration duration, long nowNanos) {
    Duration max = svc.policy.maxRetryAfter();
    long nanos = (duration.compareTo(max) > 0 ? max : duration).toNanos();
    if (nanos <= 0) {
      return;
    }
    long until = nowNanos + nanos;
    while (true) {
      long previous = ep.backOffUntil.get();
      if (previous != NONE && previous - until >= 0) {
        return;
      }
      if (ep.backOffUntil.compareAndSet(previous, until)) {
        if (!backingOff(previous, nowNanos)) {
          svc.onAvailabilityChange();
        }
        return;
      }
    }
  }

  /**
   * @return whether a back-off deadline is still ahead of {@code nowNanos}
   */
  static boolean backingOff(long until, long nowNanos) {
    return until != NONE && nowNanos - until < 0;
  }
}
