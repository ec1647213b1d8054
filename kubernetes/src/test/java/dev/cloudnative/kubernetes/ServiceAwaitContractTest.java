package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Service wait every {@link Cluster} implementation must show, on Pulumi's rule: a Service with
 * a selector waits for ready endpoints, a LoadBalancer for its ingress; a timeout names the unmet
 * rule with the last status. Subclasses play the endpoints and load-balancer controllers where the
 * cluster has none.
 */
public abstract class ServiceAwaitContractTest {

  protected static final String NS = "services";
  private static final Duration WAIT = Duration.ofSeconds(60);

  protected Cluster cluster;

  /** A fresh cluster whose default namespace is {@link #NS}. */
  protected abstract Cluster newCluster();

  /**
   * Makes the pods of deployment {@code app} ready behind Service {@code service}, and gives a
   * LoadBalancer Service its ingress (by itself on a simulated cluster; a thread on the mock).
   */
  protected abstract AutoCloseable playControllers(String namespace, String service, String app);

  /**
   * Whether the cluster invents load-balancer addresses (the in-memory cluster does, and marks them
   * {@code simulated()}); a real API server's are not simulated.
   */
  protected boolean inventsAddresses() {
    return false;
  }

  @BeforeEach
  void setUpCluster() {
    cluster = newCluster();
    cluster.ensureNamespace(NS);
  }

  @AfterEach
  void tearDownCluster() {
    cluster.close();
  }

  private void web(int replicas) {
    cluster.apply(
        DeploymentSpec.named("web")
            .running("nginx:1.27")
            .withReplicas(replicas)
            .inNamespace(NS)
            .withPort(80)
            .build());
  }

  @Test
  void aServiceWithASelectorIsReadyOnceItsEndpointsAre() throws Exception {
    web(2);
    cluster.apply(ServiceSpec.named("web").inNamespace(NS).port(80).build());
    ServiceStatus ready;
    try (AutoCloseable controllers = playControllers(NS, "web", "web")) {
      ready = cluster.awaitService(NS, "web", WAIT);
    }
    assertThat(ready.type()).isEqualTo("ClusterIP");
    assertThat(ready.hasSelector()).isTrue();
    assertThat(ready.readyEndpoints()).isEqualTo(2);
    assertThat(ready.notReadyEndpoints()).isZero();
    assertThat(ready.describe()).contains("service \"" + NS + "/web\" is ready: 2 ready endpoints");
    assertThat(cluster.serviceStatus(NS, "web")).contains(ready);
  }

  @Test
  void aLoadBalancerIsReadyOnceItHasAnIngress() throws Exception {
    web(1);
    cluster.apply(
        ServiceSpec.named("web").inNamespace(NS).as(ServiceType.LOAD_BALANCER).port(80).build());
    ServiceStatus ready;
    try (AutoCloseable controllers = playControllers(NS, "web", "web")) {
      ready = cluster.awaitService(NS, "web", WAIT);
    }
    assertThat(ready.type()).isEqualTo("LoadBalancer");
    assertThat(ready.loadBalancerIngress()).hasSize(1);
    assertThat(ready.simulated()).isEqualTo(inventsAddresses());
    assertThat(ready.readyEndpoints()).isEqualTo(1);
  }

  @Test
  void aServiceTargetingNoPodTimesOutWithTheLastStatusAndTheUnmetRule() {
    cluster.apply(
        ServiceSpec.named("lonely")
            .inNamespace(NS)
            .selecting(Map.of("app", "none"))
            .port(80)
            .build());
    assertThatThrownBy(() -> cluster.awaitService(NS, "lonely", Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            AwaitTimeoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("Service");
              assertThat(e.getMessage())
                  .contains("timed out after PT1S")
                  .contains(
                      "unmet: Waiting for service \"" + NS + "/lonely\" to target ready Pods");
              assertThat(e.lastStatus(ServiceStatus.class).readyEndpoints()).isZero();
            });
  }

  @Test
  void anAbsentServiceIsEmptyAndBadInputIsRejected() {
    assertThat(cluster.serviceStatus(NS, "ghost")).isEmpty();
    assertThatThrownBy(() -> cluster.awaitService(NS, "ghost", Duration.ofSeconds(1)))
        .isInstanceOf(KubernetesNotFoundException.class)
        .hasMessageContaining("ghost");
    assertThatThrownBy(() -> cluster.awaitService(NS, "web", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> cluster.awaitService(NS, "web", Duration.ofSeconds(-1)))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> cluster.serviceStatus(NS, "Bad_Name"))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("Bad_Name");
  }
}
