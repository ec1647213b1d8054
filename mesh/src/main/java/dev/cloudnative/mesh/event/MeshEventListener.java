package dev.cloudnative.mesh.event;

/**
 * Receives {@link MeshEvent}s synchronously on the thread that caused the state change, so
 * implementations must be quick, must not block, and must be thread-safe. An exception thrown by a
 * listener is logged and does not affect the call that triggered the event.
 */
@FunctionalInterface
public interface MeshEventListener {

  /** A listener that ignores every event. */
  MeshEventListener NONE = event -> {};

  void onEvent(MeshEvent event);
}
