package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.RollingUpdate;
import dev.cloudnative.kubernetes.StatefulSetSpec;
import dev.cloudnative.kubernetes.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Translates {@link StatefulSetSpec} into fabric8's {@code apps/v1} StatefulSet and a StatefulSet
 * back into {@link StatefulSetStatus}. The pod template is the one {@link ModelMapper} writes for a
 * Deployment, so both kinds spell containers the same.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class StatefulSetMapper {

  private StatefulSetMapper() {}

  /** The set's pod template as a single-container {@link DeploymentSpec}. */
  public static DeploymentSpec podTemplate(StatefulSetSpec spec) {
    return new DeploymentSpec(
        spec.namespace(),
        spec.name(),
        spec.image(),
        spec.replicas(),
        spec.labels(),
        spec.selector(),
        spec.containerName(),
        spec.command(),
        spec.args(),
        spec.env(),
        spec.ports(),
        spec.resources(),
        Optional.empty(),
        spec.readinessProbe(),
        RollingUpdate.DEFAULT,
        Map.of(),
        spec.serviceAccount());
  }

  public static StatefulSet toStatefulSet(StatefulSetSpec spec, String namespace) {
    PodTemplateSpec template =
        ModelMapper.toDeployment(podTemplate(spec), namespace).getSpec().getTemplate();
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .withLabels(new LinkedHashMap<>(spec.labels()))
        .endMetadata()
        .withNewSpec()
        .withReplicas(spec.replicas())
        .withServiceName(spec.serviceName())
        .withPodManagementPolicy("OrderedReady")
        .withNewSelector()
        .withMatchLabels(new LinkedHashMap<>(spec.selector()))
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withPartition(spec.partition())
        .endRollingUpdate()
        .endUpdateStrategy()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  /** The set's spec counters and status, with the API server's defaults for absent fields. */
  public static StatefulSetStatus status(StatefulSet s) {
    var spec = s.getSpec();
    var st = s.getStatus();
    var strategy = spec == null ? null : spec.getUpdateStrategy();
    boolean rolling = strategy == null || !"OnDelete".equals(strategy.getType());
    Integer partition =
        strategy == null || strategy.getRollingUpdate() == null
            ? null
            : strategy.getRollingUpdate().getPartition();
    Long generation = s.getMetadata().getGeneration();
    return new StatefulSetStatus(
        s.getMetadata().getNamespace(),
        s.getMetadata().getName(),
        generation == null ? 0 : generation,
        st == null || st.getObservedGeneration() == null ? 0 : st.getObservedGeneration(),
        spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas(),
        rolling,
        partition == null ? 0 : partition,
        st == null ? 0 : orZero(st.getReplicas()),
        st == null ? 0 : orZero(st.getReadyReplicas()),
        st == null ? 0 : orZero(st.getCurrentReplicas()),
        st == null ? 0 : orZero(st.getUpdatedReplicas()),
        st == null || st.getCurrentRevision() == null ? "" : st.getCurrentRevision(),
        st == null || st.getUpdateRevision() == null ? "" : st.getUpdateRevision());
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
