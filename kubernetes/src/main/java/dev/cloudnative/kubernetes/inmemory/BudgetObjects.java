package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.PodDisruptionBudgetSpec;
import dev.cloudnative.kubernetes.PodDisruptionBudgetStatus;
import dev.cloudnative.kubernetes.internal.Validation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-memory cluster's PodDisruptionBudget API and its simulated disruption controller, which
 * records the observed generation on its pass in each step; the counters are computed from the pods
 * on read, as {@code pkg/controller/disruption} computes them: expected pods are the selector's
 * pods that have not terminated, healthy ones are ready, the desired count is {@code minAvailable}
 * (a percentage of the expected pods, rounded up) or the expected pods less {@code maxUnavailable}
 * (rounded up), and the disruptions allowed are the healthy pods above it. No eviction API enforces
 * the budget. Waits on kstatus's rule ({@link PodDisruptionBudgetStatus#verdict()}) go through the
 * {@link StatusWaiter}.
 *
 * <p>Thread-safe: reads and writes take the {@link ClusterState} lock; {@link #run()} runs under
 * it, inside a step; the wait releases it.
 */
final class BudgetObjects {

  static final String KIND = "PodDisruptionBudget";

  private final ClusterState state;
  private final StatusWaiter waiter;

  BudgetObjects(ClusterState state, StatusWaiter waiter) {
    this.state = state;
    this.waiter = waiter;
  }

  /** The disruption controller's pass (under the lock). */
  void run() {
    for (BudgetState b : state.budgets.values()) {
      b.observedGeneration = b.generation;
    }
  }

  PodDisruptionBudgetStatus apply(PodDisruptionBudgetSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          String n = state.requireNamespace(spec.namespace());
          Key k = new Key(n, spec.name());
          BudgetState b = state.budgets.get(k);
          if (b == null) {
            b = new BudgetState(spec);
            state.budgets.put(k, b);
          } else {
            b.update(spec);
          }
          return status(state, k, b);
        });
  }

  Optional<PodDisruptionBudgetStatus> get(String namespace, String name) {
    Key k = key(namespace, name);
    synchronized (state.lock) {
      state.checkOpen();
      return read(k);
    }
  }

  PodDisruptionBudgetStatus await(String namespace, String name, Duration timeout) {
    Key k = key(namespace, name);
    return waiter.await(KIND, k, timeout, () -> read(k));
  }

  /** Under the lock. */
  private Optional<PodDisruptionBudgetStatus> read(Key k) {
    BudgetState b = state.budgets.get(k);
    return b == null ? Optional.empty() : Optional.of(status(state, k, b));
  }

  /** The budget's counters from the pods (under the lock). */
  static PodDisruptionBudgetStatus status(ClusterState state, Key k, BudgetState b) {
    int expected = 0;
    int healthy = 0;
    for (PodState p : state.pods.values()) {
      if (p.key.namespace().equals(k.namespace())
          && !p.terminated()
          && ClusterState.matches(p.labels, b.spec.selector())) {
        expected++;
        if (p.ready) {
          healthy++;
        }
      }
    }
    int total = expected;
    int desired =
        b.spec
            .minAvailable()
            .map(v -> Validation.resolve(v, total, true))
            .orElseGet(
                () ->
                    Math.max(
                        0,
                        total
                            - Validation.resolve(
                                b.spec.maxUnavailable().orElseThrow(), total, true)));
    return new PodDisruptionBudgetStatus(
        k.namespace(),
        k.name(),
        b.generation,
        b.observedGeneration,
        expected,
        healthy,
        desired,
        Math.max(0, healthy - desired));
  }

  private Key key(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.subdomain(KIND, n, "metadata.name", name);
    return new Key(n, name);
  }
}
