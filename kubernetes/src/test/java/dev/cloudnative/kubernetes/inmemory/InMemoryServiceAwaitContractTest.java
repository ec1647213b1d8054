package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.ServiceAwaitContractTest;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.ServiceStatus;
import org.junit.jupiter.api.Test;

/**
 * The Service wait on the simulation, whose endpoints follow the pods as waits step the clock and
 * whose load balancer assigns an invented ingress at once.
 */
class InMemoryServiceAwaitContractTest extends ServiceAwaitContractTest {

  private InMemoryCluster memory;

  @Override
  protected Cluster newCluster() {
    memory = InMemoryCluster.builder().defaultNamespace(NS).build();
    return memory;
  }

  @Override
  protected AutoCloseable playControllers(String namespace, String service, String app) {
    return () -> {};
  }

  @Override
  protected boolean inventsAddresses() {
    return true;
  }

  @Test
  void aPodRunningButNotReadyIsANotReadyEndpoint() {
    memory.failImage("nginx:crash");
    cluster.apply(DeploymentSpec.named("web").running("nginx:crash").inNamespace(NS).build());
    cluster.apply(ServiceSpec.named("web").inNamespace(NS).port(80).build());
    memory.step(3);
    ServiceStatus s = cluster.serviceStatus(NS, "web").orElseThrow();
    assertThat(s.readyEndpoints()).isZero();
    assertThat(s.notReadyEndpoints()).isEqualTo(1);
    assertThat(s.describe()).contains("no ready endpoint yet (1 not ready)");
  }
}
