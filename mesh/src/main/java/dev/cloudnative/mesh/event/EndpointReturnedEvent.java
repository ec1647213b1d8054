package dev.cloudnative.mesh.event;

import java.util.Objects;

/**
 * An ejected endpoint's ejection time ran out and it takes traffic again. Immutable; thread-safe.
 *
 * @param service service
 * @param endpointId returned endpoint
 * @param atNanos mesh clock time
 */
public record EndpointReturnedEvent(String service, String endpointId, long atNanos)
    implements MeshEvent {

  public EndpointReturnedEvent {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(endpointId, "endpointId");
  }
}
