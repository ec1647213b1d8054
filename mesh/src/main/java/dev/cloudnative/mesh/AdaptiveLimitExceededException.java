package dev.cloudnative.mesh;

/**
 * Thrown when a service's adaptive concurrency limit ({@link AdaptiveConcurrency}) is reached: the
 * call is shed at once, before any endpoint is picked, instead of queueing. Its stop reason is
 * {@link StopReason#CONCURRENCY_LIMIT_REACHED}; it carries the limit and the calls in flight at the
 * time. Shedding is the limit doing its work, not a failure of the service, so it is no failure for
 * the service's circuit breaker. Immutable and thread-safe.
 */
public final class AdaptiveLimitExceededException extends MeshException {

  private static final long serialVersionUID = 1L;

  private final int limit;
  private final int inFlight;

  /**
   * @param service the service whose limit was reached
   * @param limit the adaptive limit at the time
   * @param inFlight the calls of the service in flight at the time
   */
  public AdaptiveLimitExceededException(String service, int limit, int inFlight) {
    super(
        service,
        StopReason.CONCURRENCY_LIMIT_REACHED,
        "Adaptive concurrency limit of service '"
            + service
            + "' reached: limit="
            + limit
            + ", inFlight="
            + inFlight
            + "; the call was shed",
        null);
    this.limit = limit;
    this.inFlight = inFlight;
  }

  /**
   * @return the adaptive limit when the call was shed
   */
  public int limit() {
    return limit;
  }

  /**
   * @return the calls of the service in flight when the call was shed
   */
  public int inFlight() {
    return inFlight;
  }
}
