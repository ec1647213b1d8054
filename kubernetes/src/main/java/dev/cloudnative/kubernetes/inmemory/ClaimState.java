package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.PersistentVolumeClaimSpec;
import dev.cloudnative.kubernetes.PersistentVolumeClaimStatus;

/**
 * A PersistentVolumeClaim and what the simulated volume binder made of it.
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock.
 */
final class ClaimState {
  /** The spec with the storage class admission filled in. */
  PersistentVolumeClaimSpec spec;

  PersistentVolumeClaimStatus.Phase phase = PersistentVolumeClaimStatus.Phase.PENDING;
  String volumeName;
  String capacity;

  ClaimState(PersistentVolumeClaimSpec spec) {
    this.spec = spec;
  }
}
