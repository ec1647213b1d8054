package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.AutoscalerInfo;
import dev.cloudnative.kubernetes.AutoscalerSpec;

/**
 * An autoscaler and the figures its last pass saw, reported as its status. Re-applying the spec
 * keeps the figures (see {@link ClusterObjects#apply(AutoscalerSpec)}), as a real status survives a
 * spec update.
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock.
 */
final class AutoscalerState {
  final AutoscalerSpec spec;
  int currentReplicas;
  int desiredReplicas;
  int currentCpu = -1;

  AutoscalerState(AutoscalerSpec spec) {
    this.spec = spec;
  }

  AutoscalerInfo info() {
    return new AutoscalerInfo(spec, currentReplicas, desiredReplicas, currentCpu);
  }
}
