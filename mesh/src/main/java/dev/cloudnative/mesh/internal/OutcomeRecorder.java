package dev.cloudnative.mesh.internal;

/**
 * Records the outcome of one request that reached an endpoint (an attempt or a mirror copy) in
 * every place that learns from it: the endpoint's circuit breaker, its Peak-EWMA estimate, its
 * statistics and the service's outlier detection (which also sweeps on the way, so detection needs
 * no timer thread). One place, so that an attempt and a mirror copy are counted alike. A refusal
 * ({@link dev.cloudnative.mesh.NotEndpointFault}) never comes here: it says nothing about the
 * endpoint. Stateless; thread-safe (what it writes is).
 */
final class OutcomeRecorder {

  private OutcomeRecorder() {}

  /**
   * @param failed whether the request failed (an exception, or a 5xx status)
   * @param status the status it answered (0 when it threw or has none), for Peak-EWMA's penalty
   * @param tookNanos how long it took, for the breaker's slow-call rule and the latency histogram
   * @param nowNanos the clock reading at its end, for outlier detection
   */
  static void record(
      ServiceRuntime svc,
      EndpointRuntime ep,
      boolean failed,
      int status,
      long tookNanos,
      long nowNanos) {
    if (ep.rtt != null) {
      // A 429 is no failure for breakers, but a balancer must not reward its speed either.
      if (failed || status == 429) {
        ep.rtt.observeFailure(tookNanos, nowNanos);
      } else {
        ep.rtt.observe(tookNanos, nowNanos);
      }
    }
    if (failed) {
      ep.breaker.onError(tookNanos);
    } else {
      ep.breaker.onSuccess(tookNanos);
    }
    ep.stats.onOutcome(!failed, tookNanos);
    if (svc.detector != null) {
      if (failed) {
        svc.detector.onFailure(ep.outlier, nowNanos);
      } else {
        svc.detector.onSuccess(ep.outlier);
      }
      svc.detector.maybeSweep(nowNanos);
    }
  }

  /**
   * @return whether a status counts as a failure: 500..599, as Envoy's outlier detection and retry
   *     policy count 5xx
   */
  static boolean isFailureStatus(int status) {
    return status >= 500 && status <= 599;
  }

  /**
   * @return whether a failure is a refusal the mesh passes on unchanged: an unchecked {@link
   *     dev.cloudnative.mesh.NotEndpointFault} (a checked one cannot be rethrown as is)
   */
  static boolean isRefusal(Throwable failure) {
    return failure instanceof dev.cloudnative.mesh.NotEndpointFault
        && failure instanceof RuntimeException;
  }
}
