package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.DaemonSetStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.util.LinkedHashMap;

/**
 * Translates {@link DaemonSetSpec} into fabric8's {@code apps/v1} DaemonSet and a DaemonSet back
 * into {@link DaemonSetStatus}. The pod template is the one {@link ModelMapper} writes for a
 * Deployment, so every kind spells containers the same.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class DaemonSetMapper {

  private DaemonSetMapper() {}

  public static DaemonSet toDaemonSet(DaemonSetSpec spec, String namespace) {
    PodTemplateSpec template =
        ModelMapper.toDeployment(
                PodTemplates.asDeployment(namespace, spec.name(), spec.selector(), spec.template()),
                namespace)
            .getSpec()
            .getTemplate();
    String max = spec.maxUnavailable();
    IntOrString maxUnavailable =
        max.endsWith("%") ? new IntOrString(max) : new IntOrString(Integer.parseInt(max));
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .withLabels(new LinkedHashMap<>(spec.template().labels()))
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(new LinkedHashMap<>(spec.selector()))
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(maxUnavailable)
        .endRollingUpdate()
        .endUpdateStrategy()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /** The set's status, with the API server's defaults for absent fields. */
  public static DaemonSetStatus status(DaemonSet d) {
    var spec = d.getSpec();
    var st = d.getStatus();
    var strategy = spec == null ? null : spec.getUpdateStrategy();
    boolean rolling = strategy == null || !"OnDelete".equals(strategy.getType());
    Long generation = d.getMetadata().getGeneration();
    return new DaemonSetStatus(
        d.getMetadata().getNamespace(),
        d.getMetadata().getName(),
        generation == null ? 0 : generation,
        st == null || st.getObservedGeneration() == null ? 0 : st.getObservedGeneration(),
        rolling,
        st == null ? 0 : orZero(st.getDesiredNumberScheduled()),
        st == null ? 0 : orZero(st.getCurrentNumberScheduled()),
        st == null ? 0 : orZero(st.getUpdatedNumberScheduled()),
        st == null ? 0 : orZero(st.getNumberReady()),
        st == null ? 0 : orZero(st.getNumberAvailable()));
  }

  static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
