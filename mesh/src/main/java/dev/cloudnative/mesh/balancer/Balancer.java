package dev.cloudnative.mesh.balancer;

import dev.cloudnative.mesh.MeshRequest;

/**
 * Picks one of a fixed, non-empty array of endpoints. Indices refer to the array the balancer was
 * built over. Implementations are immutable apart from internal cursors/counters, thread-safe,
 * lock-free, and allocate nothing per pick.
 */
public interface Balancer {

  /**
   * @return how many endpoints the balancer spreads over
   */
  int size();

  /**
   * @return the index of the chosen endpoint, in {@code [0, size())}
   */
  int pick(MeshRequest request);

  /**
   * Like {@link #pick(MeshRequest)} for a caller that has just read the mesh's clock: balancers
   * that depend on time (Peak-EWMA's decay) use {@code nowNanos} instead of reading it again.
   *
   * @param nowNanos the mesh clock's current reading
   * @return the index of the chosen endpoint, in {@code [0, size())}
   */
  default int pick(MeshRequest request, long nowNanos) {
    return pick(request);
  }
}
