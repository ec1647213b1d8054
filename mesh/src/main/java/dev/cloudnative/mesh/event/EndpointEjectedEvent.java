package dev.cloudnative.mesh.event;

import java.util.Objects;

/**
 * Outlier detection ejected an endpoint (detection runs over all endpoints of a service, whatever
 * their subset). Immutable; thread-safe.
 *
 * @param service service
 * @param endpointId ejected endpoint
 * @param cause why: {@code consecutive-failures}, {@code success-rate} or {@code
 *     failure-percentage}
 * @param ejectionCount how many times the endpoint has been ejected in a row (multiplies the
 *     ejection time)
 * @param untilNanos mesh clock time at which it returns
 * @param atNanos mesh clock time of the ejection
 */
public record EndpointEjectedEvent(
    String service,
    String endpointId,
    String cause,
    int ejectionCount,
    long untilNanos,
    long atNanos)
    implements MeshEvent {

  public EndpointEjectedEvent {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(cause, "cause");
  }
}
