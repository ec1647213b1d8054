package dev.cloudnative.mesh;

import java.util.Objects;

/**
 * Thrown when a call cannot be given an endpoint: the service or subset has no endpoint registered,
 * every endpoint is unhealthy, ejected by outlier detection or behind an open circuit. Names the
 * service, subset and the reason, and carries the counts that led to it; its stop reason is {@link
 * StopReason#NO_HEALTHY_ENDPOINT}. Immutable and thread-safe.
 */
public final class NoHealthyEndpointException extends MeshException {

  private static final long serialVersionUID = 1L;

  /** Why no endpoint was available. */
  public enum Reason {
    /** The service is not known to the registry. */
    UNKNOWN_SERVICE,
    /** The route selected a subset the service does not have. */
    UNKNOWN_SUBSET,
    /** The subset exists but holds no endpoint. */
    NONE_REGISTERED,
    /** Every endpoint is marked unhealthy by the registry. */
    ALL_UNHEALTHY,
    /** Every healthy endpoint is ejected by outlier detection. */
    ALL_EJECTED,
    /**
     * Every remaining endpoint has an open circuit (or a half-open circuit with no permit left).
     */
    ALL_CIRCUITS_OPEN,
    /**
     * Every endpoint asked not to be sent requests for a while ({@code Retry-After}, see {@link
     * ServiceMesh#backOff}).
     */
    ALL_BACKING_OFF,
    /** Endpoints are unavailable for a mix of the reasons above. */
    MIXED
  }

  private final String subset;
  private final Reason reason;
  private final int registered;
  private final int unhealthy;
  private final int ejected;
  private final int circuitOpen;

  public NoHealthyEndpointException(
      String service,
      String subset,
      Reason reason,
      int registered,
      int unhealthy,
      int ejected,
      int circuitOpen) {
    super(
        service,
        StopReason.NO_HEALTHY_ENDPOINT,
        "No healthy endpoint for service '"
            + service
            + "' subset '"
            + Objects.requireNonNull(subset, "subset")
            + "': "
            + Objects.requireNonNull(reason, "reason")
            + " (registered="
            + registered
            + ", unhealthy="
            + unhealthy
            + ", ejected="
            + ejected
            + ", circuitOpen="
            + circuitOpen
            + ")",
        null);
    this.subset = subset;
    this.reason = reason;
    this.registered = registered;
    this.unhealthy = unhealthy;
    this.ejected = ejected;
    this.circuitOpen = circuitOpen;
  }

  public String subset() {
    return subset;
  }

  public Reason reason() {
    return reason;
  }

  public int registered() {
    return registered;
  }

  public int unhealthy() {
    return unhealthy;
  }

  public int ejected() {
    return ejected;
  }

  public int circuitOpen() {
    return circuitOpen;
  }
}
