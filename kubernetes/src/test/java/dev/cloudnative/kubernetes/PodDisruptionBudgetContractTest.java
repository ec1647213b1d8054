package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PodDisruptionBudget behaviour every {@link Cluster} implementation must show: apply, read,
 * wait on kstatus's rule (generation observed, {@code currentHealthy >= desiredHealthy}), time out
 * with the last status, delete, bad input. Subclasses play the disruption controller where the
 * cluster has none.
 */
public abstract class PodDisruptionBudgetContractTest {

  protected static final String NS = "budgets";
  private static final Duration WAIT = Duration.ofSeconds(60);

  protected Cluster cluster;

  /** A fresh cluster whose default namespace is {@link #NS}. */
  protected abstract Cluster newCluster();

  /** Writes budget {@code name}'s counters for {@code healthy} ready pods of the deployment. */
  protected abstract AutoCloseable playController(String namespace, String name, int healthy);

  @BeforeEach
  void setUpCluster() {
    cluster = newCluster();
    cluster.ensureNamespace(NS);
    cluster.apply(
        DeploymentSpec.named("web").running("nginx:1.27").withReplicas(2).inNamespace(NS).build());
  }

  @AfterEach
  void tearDownCluster() {
    cluster.close();
  }

  @Test
  void aBudgetIsMetOnceEnoughPodsAreHealthy() throws Exception {
    cluster.apply(PodDisruptionBudgetSpec.named("web").inNamespace(NS).minAvailable("1").build());
    PodDisruptionBudgetStatus met;
    try (AutoCloseable controller = playController(NS, "web", 2)) {
      met = cluster.awaitPodDisruptionBudget(NS, "web", WAIT);
    }
    assertThat(met.expectedPods()).isEqualTo(2);
    assertThat(met.currentHealthy()).isEqualTo(2);
    assertThat(met.desiredHealthy()).isEqualTo(1);
    assertThat(met.disruptionsAllowed()).isEqualTo(1);
    assertThat(met.describe()).contains("Budget is met");
    assertThat(cluster.podDisruptionBudget(NS, "web")).contains(met);
  }

  @Test
  void anUnmetBudgetTimesOutWithTheLastStatusAndTheUnmetRule() {
    cluster.apply(
        PodDisruptionBudgetSpec.named("web")
            .inNamespace(NS)
            .selecting(Map.of("app", "web"))
            .minAvailable("3")
            .build());
    assertThatThrownBy(() -> cluster.awaitPodDisruptionBudget(NS, "web", Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            AwaitTimeoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("PodDisruptionBudget");
              assertThat(e.getMessage())
                  .contains("timed out after PT1S")
                  .contains("unmet: Waiting for poddisruptionbudget \"" + NS + "/web\"");
              assertThat(e.lastStatus(PodDisruptionBudgetStatus.class).complete()).isFalse();
            });
  }

  @Test
  void anAbsentBudgetIsEmptyAndDeleteRemovesAPresentOne() {
    assertThat(cluster.podDisruptionBudget(NS, "ghost")).isEmpty();
    assertThatThrownBy(() -> cluster.awaitPodDisruptionBudget(NS, "ghost", Duration.ofSeconds(1)))
        .isInstanceOf(KubernetesNotFoundException.class);
    cluster.apply(PodDisruptionBudgetSpec.named("web").inNamespace(NS).maxUnavailable("1").build());
    cluster.delete(ResourceKind.POD_DISRUPTION_BUDGET, NS, "web", Propagation.BACKGROUND);
    assertThat(cluster.podDisruptionBudget(NS, "web")).isEmpty();
    assertThatThrownBy(
            () ->
                cluster.delete(
                    ResourceKind.POD_DISRUPTION_BUDGET, NS, "web", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> cluster.apply((PodDisruptionBudgetSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
    assertThatThrownBy(() -> cluster.awaitPodDisruptionBudget(NS, "web", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> PodDisruptionBudgetSpec.named("web").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("found neither");
    assertThatThrownBy(
            () ->
                PodDisruptionBudgetSpec.named("web").minAvailable("1").maxUnavailable("1").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("found both");
    assertThatThrownBy(() -> PodDisruptionBudgetSpec.named("web").minAvailable("half").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("spec.minAvailable");
  }
}
