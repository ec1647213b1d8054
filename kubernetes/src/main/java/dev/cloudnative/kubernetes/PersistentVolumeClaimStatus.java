package dev.cloudnative.kubernetes;

import java.util.Objects;
import java.util.Optional;

/**
 * One observation of a PersistentVolumeClaim, judged by Pulumi's readiness rule for the kind
 * ({@link #verdict()}).
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param phase {@code status.phase}
 * @param storageClass {@code spec.storageClassName}, empty when the claim names none
 * @param bindingMode the storage class's {@code volumeBindingMode}, empty when the class is unknown
 *     (the claim names none, or it cannot be read)
 * @param volumeName the bound PersistentVolume ({@code spec.volumeName}), empty until bound
 * @param capacity {@code status.capacity.storage}, empty until bound
 * @param requested {@code spec.resources.requests.storage}
 */
public record PersistentVolumeClaimStatus(
    String namespace,
    String name,
    Phase phase,
    Optional<String> storageClass,
    Optional<VolumeBindingMode> bindingMode,
    Optional<String> volumeName,
    Optional<String> capacity,
    String requested)
    implements ReadinessStatus {

  /** {@code status.phase} of a claim. Immutable enum, thread-safe. */
  public enum Phase {
    /** Not yet bound (the API's phase until a volume is bound, and when status is absent). */
    PENDING,
    /** Bound to a volume. */
    BOUND,
    /** The bound volume is gone: the claim cannot be used. */
    LOST;

    /** The phase of the API spelling ({@code Pending}, {@code Bound}, {@code Lost}). */
    public static Phase fromApiName(String name) {
      if (name == null || name.equals("Pending")) {
        return PENDING;
      }
      return switch (name) {
        case "Bound" -> BOUND;
        case "Lost" -> LOST;
        default -> throw new IllegalArgumentException("unknown claim phase '" + name + "'");
      };
    }
  }

  public PersistentVolumeClaimStatus {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(storageClass, "storageClass");
    Objects.requireNonNull(bindingMode, "bindingMode");
    Objects.requireNonNull(volumeName, "volumeName");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(requested, "requested");
  }

  @Override
  public String kind() {
    return "PersistentVolumeClaim";
  }

  /**
   * Pulumi's rule for {@code core/v1/PersistentVolumeClaim} ({@code
   * untilCoreV1PersistentVolumeClaimReady} in pulumi-kubernetes {@code
   * provider/pkg/await/awaiters.go}, since pulumi-kubernetes#3130): phase {@code Bound} is ready;
   * phase {@code Pending} is ready too when the claim's storage class binds {@code
   * WaitForFirstConsumer} (the volume is bound only once a pod uses the claim, so waiting for
   * {@code Bound} first would deadlock); anything else waits. One addition of the SDK: phase {@code
   * Lost} fails at once, because a claim whose volume is gone never binds again (Pulumi waits until
   * its timeout).
   */
  @Override
  public RolloutVerdict verdict() {
    String id = "persistentvolumeclaim \"" + namespace + "/" + name + "\"";
    return switch (phase) {
      case BOUND ->
          new RolloutVerdict(
              RolloutVerdict.State.DONE, id + " is Bound to " + volumeName.orElse("a volume"));
      case LOST ->
          new RolloutVerdict(
              RolloutVerdict.State.FAILED,
              id + " is Lost: its volume " + volumeName.orElse("") + " no longer exists");
      case PENDING ->
          bindingMode.equals(Optional.of(VolumeBindingMode.WAIT_FOR_FIRST_CONSUMER))
              ? new RolloutVerdict(
                  RolloutVerdict.State.DONE,
                  id
                      + " is Pending until a pod uses it (storage class "
                      + storageClass.orElse("")
                      + " binds WaitForFirstConsumer)")
              : new RolloutVerdict(
                  RolloutVerdict.State.WAITING,
                  "Waiting for " + id + " to be Bound (phase Pending)");
    };
  }
}
