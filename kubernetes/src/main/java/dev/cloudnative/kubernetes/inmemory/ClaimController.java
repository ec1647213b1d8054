package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.PersistentVolumeClaimStatus;
import dev.cloudnative.kubernetes.VolumeBindingMode;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated volume binder with a dynamic provisioner behind every known storage class: once per
 * step, each Pending claim whose class binds {@code Immediate} gets a new volume {@code pvc-<n>} of
 * the size it requested and is Bound. A claim of a class binding {@code WaitForFirstConsumer} stays
 * Pending (pods in this cluster mount no volumes, so no consumer ever comes), and one naming a
 * class the cluster does not know stays Pending, as a real cluster leaves it.
 *
 * <p>Not thread-safe: every method runs under the {@link ClusterState} lock, inside a step.
 */
final class ClaimController {

  static final String KIND = "PersistentVolumeClaim";

  private final ClusterState state;
  private int volumeSequence;

  ClaimController(ClusterState state) {
    this.state = state;
  }

  /** One pass over every claim. */
  void run() {
    for (ClaimState c : state.claims.values()) {
      if (c.phase == PersistentVolumeClaimStatus.Phase.PENDING
          && bindingMode(state, c).equals(Optional.of(VolumeBindingMode.IMMEDIATE))) {
        c.phase = PersistentVolumeClaimStatus.Phase.BOUND;
        c.volumeName = "pvc-" + (++volumeSequence);
        c.capacity = c.spec.storage();
      }
    }
  }

  /** The mode of the claim's class; empty for a class the cluster does not know. */
  static Optional<VolumeBindingMode> bindingMode(ClusterState state, ClaimState c) {
    return c.spec.storageClass().map(state.storageClasses::get);
  }

  /** The claim's status (under the lock). */
  static PersistentVolumeClaimStatus status(ClusterState state, Key k, ClaimState c) {
    return new PersistentVolumeClaimStatus(
        k.namespace(),
        k.name(),
        c.phase,
        c.spec.storageClass(),
        bindingMode(state, c),
        Optional.ofNullable(c.volumeName),
        Optional.ofNullable(c.capacity),
        c.spec.storage());
  }

  /** The default storage class of a new cluster: {@code standard}, binding Immediate. */
  static Map<String, VolumeBindingMode> defaultClasses() {
    return Map.of("standard", VolumeBindingMode.IMMEDIATE);
  }
}
