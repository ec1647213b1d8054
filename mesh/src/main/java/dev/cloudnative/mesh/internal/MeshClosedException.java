package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.NotEndpointFault;

/**
 * The mesh refuses a call because it was closed. A {@link NotEndpointFault}, so that an attempt
 * which needs a worker thread after a concurrent close is not charged to its endpoint. Immutable;
 * thread-safe.
 */
final class MeshClosedException extends IllegalStateException implements NotEndpointFault {

  private static final long serialVersionUID = 1L;

  MeshClosedException() {
    super("service mesh is closed");
  }
}
