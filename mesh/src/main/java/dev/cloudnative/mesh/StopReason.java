package dev.cloudnative.mesh;

/**
 * How a call through a {@link ServiceMesh} ended: the mesh stops a call at the first step that
 * decides it (route, fault, admission, pick, attempt, retry decision), and each way out has one
 * constant. Every {@link MeshException} the mesh throws to end a call carries its reason ({@link
 * MeshException#stopReason()}); a call that returns (a success, or a 5xx result returned as is
 * after the last attempt, as a proxy returns the last upstream response) is told apart only by
 * {@link ServiceStats#stopReasons()}, which counts every call of a service under one reason.
 *
 * <p>The retry reasons follow Envoy's order: a failed attempt is retried only when the policy
 * covers the failure ({@link #NOT_RETRYABLE}), an attempt is left ({@link #ATTEMPTS_EXHAUSTED}),
 * the retry budget allows one more concurrent retry ({@link #RETRY_BUDGET_EXHAUSTED}) and the
 * backoff ends before the overall deadline ({@link #DEADLINE_EXCEEDED}); the first of these that
 * fails names the stop.
 *
 * <p>Immutable; thread-safe.
 */
public enum StopReason {
  /** An attempt succeeded: it returned without exception and, when classified, not with a 5xx. */
  SUCCEEDED("succeeded"),
  /**
   * The last attempt failed with an exception or status the retry policy does not retry: an {@link
   * UpstreamCallException} (or the attempt's {@link MeshTimeoutException}), or the 5xx result
   * returned as is.
   */
  NOT_RETRYABLE("not retryable"),
  /** The last attempt failed and it was the policy's {@code maxAttempts}-th. */
  ATTEMPTS_EXHAUSTED("attempts exhausted"),
  /** The last attempt failed and the service's {@link RetryBudget} allowed no further retry. */
  RETRY_BUDGET_EXHAUSTED("retry budget exhausted"),
  /**
   * The overall timeout passed before an attempt could start ({@link MeshTimeoutException}), or the
   * backoff before the next attempt would have ended past it (the last failure is reported).
   */
  DEADLINE_EXCEEDED("deadline reached"),
  /**
   * No endpoint could take the call: {@link NoHealthyEndpointException} for the first attempt (its
   * {@link NoHealthyEndpointException#reason() reason} says why), or an {@link
   * UpstreamCallException} (or the last 5xx result) when no endpoint was left for a retry.
   */
  NO_HEALTHY_ENDPOINT("no healthy endpoint"),
  /**
   * The service has a route table, no rule matches and there is no default ({@link
   * NoRouteException}).
   */
  NO_ROUTE("no route"),
  /**
   * The service-level circuit breaker refused the call ({@link CallNotPermittedException}).
   * Endpoint breakers that refuse every endpoint end the call as {@link #NO_HEALTHY_ENDPOINT}.
   */
  CIRCUIT_OPEN("circuit open"),
  /**
   * The subset was at its concurrency limit and no pending slot came free in time ({@link
   * ConcurrencyLimitExceededException}).
   */
  CONCURRENCY_LIMIT_REACHED("concurrency limit reached"),
  /** The route's fault injection aborted the call ({@link FaultInjectedException}). */
  FAULT_INJECTED("aborted by fault injection"),
  /**
   * An attempt was refused before anything was sent, for a reason no endpoint or retry would
   * change: the {@link NotEndpointFault} reaches the caller unchanged (a mesh closed during the
   * call refuses its attempts this way too).
   */
  REFUSED("refused before sending"),
  /** An attempt threw an {@link Error}: it reaches the caller unchanged, never retried. */
  ERROR("an attempt threw an Error"),
  /**
   * The caller's status function threw on an attempt's result: its exception reaches the caller
   * unchanged; the attempt is not recorded against its endpoint (its outcome is unknown) and its
   * circuit-breaker permission is given back.
   */
  CLASSIFIER_FAILED("the status function threw"),
  /**
   * The calling thread was interrupted while the mesh waited for it (a backoff or a fault's delay):
   * a {@link MeshException}, with the interrupt status kept.
   */
  INTERRUPTED("interrupted");

  private final String phrase;

  StopReason(String phrase) {
    this.phrase = phrase;
  }

  /** The words exception messages use for this reason, so that the messages read as before. */
  String phrase() {
    return phrase;
  }
}
