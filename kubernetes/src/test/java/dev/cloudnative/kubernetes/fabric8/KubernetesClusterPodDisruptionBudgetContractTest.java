package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.PodDisruptionBudgetContractTest;
import dev.cloudnative.kubernetes.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The budget contract on fabric8's CRUD mock, with a test thread playing the disruption controller:
 * it observes the generation and counts the deployment's replicas as expected pods.
 */
class KubernetesClusterPodDisruptionBudgetContractTest extends PodDisruptionBudgetContractTest {

  private MockApiServer api;

  @Override
  protected Cluster newCluster() {
    api = new MockApiServer();
    return api.cluster(NS);
  }

  @AfterEach
  void stopServer() {
    api.close();
  }

  @Override
  protected AutoCloseable playController(String namespace, String name, int healthy) {
    KubernetesClient client = api.client();
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(60);
                PodDisruptionBudget b =
                    client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(namespace)
                        .withName(name)
                        .get();
                int desired = b.getSpec().getMinAvailable().getIntVal();
                b.setStatus(
                    new PodDisruptionBudgetStatusBuilder()
                        .withObservedGeneration(b.getMetadata().getGeneration())
                        .withExpectedPods(healthy)
                        .withCurrentHealthy(healthy)
                        .withDesiredHealthy(desired)
                        .withDisruptionsAllowed(Math.max(0, healthy - desired))
                        .build());
                client
                    .policy()
                    .v1()
                    .podDisruptionBudget()
                    .inNamespace(namespace)
                    .resource(b)
                    .updateStatus();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fake-disruption-controller");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      t.join(5000);
    };
  }

  @Test
  void theManifestCarriesTheSelectorAndOneBound() {
    cluster.apply(PodDisruptionBudgetSpec.named("web").maxUnavailable("25%").build());
    PodDisruptionBudget b =
        api.client().policy().v1().podDisruptionBudget().inNamespace(NS).withName("web").get();
    assertThat(b.getSpec().getSelector().getMatchLabels()).containsEntry("app", "web");
    assertThat(b.getSpec().getMaxUnavailable().getStrVal()).isEqualTo("25%");
    assertThat(b.getSpec().getMinAvailable()).isNull();
  }
}
