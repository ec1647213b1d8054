package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.PodDisruptionBudgetSpec;
import dev.cloudnative.kubernetes.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.LinkedHashMap;

/**
 * Translates {@link PodDisruptionBudgetSpec} into fabric8's {@code policy/v1} PodDisruptionBudget
 * and a budget back into {@link PodDisruptionBudgetStatus}.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class DisruptionBudgetMapper {

  private DisruptionBudgetMapper() {}

  public static PodDisruptionBudget toBudget(PodDisruptionBudgetSpec spec, String namespace) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .withMatchLabels(new LinkedHashMap<>(spec.selector()))
        .endSelector()
        .withMinAvailable(spec.minAvailable().map(DisruptionBudgetMapper::intOrString).orElse(null))
        .withMaxUnavailable(
            spec.maxUnavailable().map(DisruptionBudgetMapper::intOrString).orElse(null))
        .endSpec()
        .build();
  }

  private static IntOrString intOrString(String v) {
    return v.endsWith("%") ? new IntOrString(v) : new IntOrString(Integer.parseInt(v));
  }

  public static PodDisruptionBudgetStatus status(PodDisruptionBudget b) {
    var st = b.getStatus();
    Long generation = b.getMetadata().getGeneration();
    return new PodDisruptionBudgetStatus(
        b.getMetadata().getNamespace(),
        b.getMetadata().getName(),
        generation == null ? 0 : generation,
        st == null || st.getObservedGeneration() == null ? 0 : st.getObservedGeneration(),
        st == null ? 0 : DaemonSetMapper.orZero(st.getExpectedPods()),
        st == null ? 0 : DaemonSetMapper.orZero(st.getCurrentHealthy()),
        st == null ? 0 : DaemonSetMapper.orZero(st.getDesiredHealthy()),
        st == null ? 0 : DaemonSetMapper.orZero(st.getDisruptionsAllowed()));
  }
}
