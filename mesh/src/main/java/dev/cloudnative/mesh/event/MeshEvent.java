package dev.cloudnative.mesh.event;

/**
 * Something notable that happened inside the mesh. Events are created only on state changes, never
 * per call. Implementations are immutable records; thread-safe.
 */
public sealed interface MeshEvent
    permits CircuitStateTransitionEvent, EndpointEjectedEvent, EndpointReturnedEvent {

  /**
   * @return the service the event concerns
   */
  String service();

  /**
   * @return the mesh clock time (nanos) of the event
   */
  long atNanos();
}
