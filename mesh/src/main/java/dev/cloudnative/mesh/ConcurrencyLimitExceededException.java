package dev.cloudnative.mesh;

import java.util.Objects;

/**
 * Thrown when a subset already has its maximum of in-flight requests and its pending queue is full
 * (or the wait for a slot outlived the call's deadline): the call is rejected fast, like Envoy's
 * cluster circuit-breaker thresholds. Its stop reason is {@link
 * StopReason#CONCURRENCY_LIMIT_REACHED}. Immutable and thread-safe.
 */
public final class ConcurrencyLimitExceededException extends MeshException {

  private static final long serialVersionUID = 1L;

  private final String subset;
  private final int maxInFlight;
  private final int maxPending;

  public ConcurrencyLimitExceededException(
      String service, String subset, int maxInFlight, int maxPending) {
    super(
        service,
        StopReason.CONCURRENCY_LIMIT_REACHED,
        "Concurrency limit of service '"
            + service
            + "' subset '"
            + Objects.requireNonNull(subset, "subset")
            + "' reached: maxInFlight="
            + maxInFlight
            + ", maxPending="
            + maxPending,
        null);
    this.subset = subset;
    this.maxInFlight = maxInFlight;
    this.maxPending = maxPending;
  }

  public String subset() {
    return subset;
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  public int maxPending() {
    return maxPending;
  }
}
