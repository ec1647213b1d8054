package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.PodDisruptionBudgetContractTest;
import dev.cloudnative.kubernetes.PodDisruptionBudgetSpec;
import dev.cloudnative.kubernetes.PodDisruptionBudgetStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The budget contract on the simulation, whose counters follow the pods as waits step. */
class InMemoryPodDisruptionBudgetContractTest extends PodDisruptionBudgetContractTest {

  private InMemoryCluster memory;

  @Override
  protected Cluster newCluster() {
    memory = InMemoryCluster.builder().defaultNamespace(NS).build();
    return memory;
  }

  @Override
  protected AutoCloseable playController(String namespace, String name, int healthy) {
    return () -> {};
  }

  @Test
  void percentagesRoundUpAsTheDisruptionControllerDoes() {
    cluster.awaitRollout(
        NS, "web", Duration.ofMinutes(1), dev.cloudnative.kubernetes.RolloutListener.NONE);
    cluster.apply(
        PodDisruptionBudgetSpec.named("web").inNamespace(NS).maxUnavailable("10%").build());
    memory.step();
    PodDisruptionBudgetStatus s = cluster.podDisruptionBudget(NS, "web").orElseThrow();
    assertThat(s.desiredHealthy()).isEqualTo(1); // 2 - ceil(10% of 2)
    assertThat(s.disruptionsAllowed()).isEqualTo(1);
    cluster.apply(PodDisruptionBudgetSpec.named("web").inNamespace(NS).minAvailable("60%").build());
    s = cluster.podDisruptionBudget(NS, "web").orElseThrow();
    assertThat(s.observedGeneration()).isLessThan(s.generation());
    assertThat(s.complete()).isFalse();
    memory.step();
    s = cluster.podDisruptionBudget(NS, "web").orElseThrow();
    assertThat(s.desiredHealthy()).isEqualTo(2); // ceil(60% of 2)
    assertThat(s.disruptionsAllowed()).isZero();
    assertThat(s.complete()).isTrue();
  }
}
