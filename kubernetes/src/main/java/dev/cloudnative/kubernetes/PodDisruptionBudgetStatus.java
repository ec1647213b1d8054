package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * One observation of a PodDisruptionBudget, judged by kstatus's rule for the kind ({@link
 * #verdict()}).
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param generation {@code metadata.generation}
 * @param observedGeneration the generation the disruption controller has acted upon (0 before)
 * @param expectedPods the pods the selector counts
 * @param currentHealthy those of them that are ready
 * @param desiredHealthy the ready pods the budget demands
 * @param disruptionsAllowed evictions allowed now
 */
public record PodDisruptionBudgetStatus(
    String namespace,
    String name,
    long generation,
    long observedGeneration,
    int expectedPods,
    int currentHealthy,
    int desiredHealthy,
    int disruptionsAllowed)
    implements ReadinessStatus {

  public PodDisruptionBudgetStatus {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String kind() {
    return "PodDisruptionBudget";
  }

  /**
   * kstatus's rule ({@code pdbConditions} in kubernetes-sigs/cli-utils {@code
   * pkg/kstatus/status/core.go}, after its generic {@code observedGeneration} check): until {@code
   * observedGeneration >= generation}, waiting; while {@code currentHealthy < desiredHealthy},
   * waiting ("Budget not met"); otherwise done ("Budget is met"). Pulumi does not wait on this kind
   * (it is ready once created), so this is the only documented readiness rule to follow.
   */
  @Override
  public RolloutVerdict verdict() {
    String id = "poddisruptionbudget \"" + namespace + "/" + name + "\"";
    if (observedGeneration < generation) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING, "Waiting for " + id + " spec update to be observed");
    }
    if (currentHealthy < desiredHealthy) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          "Waiting for "
              + id
              + ": Budget not met. healthy replicas: "
              + currentHealthy
              + "/"
              + desiredHealthy);
    }
    return new RolloutVerdict(
        RolloutVerdict.State.DONE,
        id
            + ": Budget is met. "
            + currentHealthy
            + " of "
            + expectedPods
            + " pods healthy, "
            + disruptionsAllowed
            + " disruptions allowed");
  }
}
