package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.PersistentVolumeClaimSpec;
import dev.cloudnative.kubernetes.PersistentVolumeClaimStatus;
import dev.cloudnative.kubernetes.VolumeBindingMode;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import java.util.Optional;

/**
 * Translates {@link PersistentVolumeClaimSpec} into fabric8's {@code v1} PersistentVolumeClaim and
 * a claim back into {@link PersistentVolumeClaimStatus}.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class ClaimMapper {

  private ClaimMapper() {}

  public static PersistentVolumeClaim toClaim(PersistentVolumeClaimSpec spec, String namespace) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withAccessModes(
            spec.accessModes().stream().map(PersistentVolumeClaimSpec.AccessMode::apiName).toList())
        .withNewResources()
        .withRequests(Map.of("storage", new Quantity(spec.storage())))
        .endResources()
        .withStorageClassName(spec.storageClass().orElse(null))
        .endSpec()
        .build();
  }

  /**
   * The claim's status.
   *
   * @param bindingMode its storage class's binding mode, when the class could be read
   */
  public static PersistentVolumeClaimStatus status(
      PersistentVolumeClaim c, Optional<VolumeBindingMode> bindingMode) {
    var spec = c.getSpec();
    var st = c.getStatus();
    Quantity requested =
        spec == null || spec.getResources() == null || spec.getResources().getRequests() == null
            ? null
            : spec.getResources().getRequests().get("storage");
    Quantity capacity =
        st == null || st.getCapacity() == null ? null : st.getCapacity().get("storage");
    return new PersistentVolumeClaimStatus(
        c.getMetadata().getNamespace(),
        c.getMetadata().getName(),
        PersistentVolumeClaimStatus.Phase.fromApiName(st == null ? null : st.getPhase()),
        Optional.ofNullable(spec == null ? null : spec.getStorageClassName()),
        bindingMode,
        Optional.ofNullable(spec == null ? null : spec.getVolumeName()).filter(v -> !v.isEmpty()),
        Optional.ofNullable(capacity).map(Quantity::toString),
        requested == null ? "" : requested.toString());
  }
}
