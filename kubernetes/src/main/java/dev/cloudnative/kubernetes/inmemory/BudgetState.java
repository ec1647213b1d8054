package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.PodDisruptionBudgetSpec;

/**
 * A PodDisruptionBudget as applied, with the generation the disruption controller observed.
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock.
 */
final class BudgetState {
  PodDisruptionBudgetSpec spec;
  long generation = 1;
  long observedGeneration;

  BudgetState(PodDisruptionBudgetSpec spec) {
    this.spec = spec;
  }

  /** Applies a new spec; only a real change bumps the generation (as the API server does). */
  void update(PodDisruptionBudgetSpec next) {
    if (!next.equals(spec)) {
      spec = next;
      generation++;
    }
  }
}
