package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Ingress behaviour every {@link Cluster} implementation must show: apply, read, wait on
 * Pulumi's rule (backends have Endpoints, an address is assigned), time out with the last status
 * and the unmet rule, delete, bad input. Subclasses play the endpoints and ingress controllers
 * where the cluster has none.
 */
public abstract class IngressContractTest {

  protected static final String NS = "ingresses";
  private static final Duration WAIT = Duration.ofSeconds(60);

  protected Cluster cluster;

  /** A fresh cluster whose default namespace is {@link #NS}. */
  protected abstract Cluster newCluster();

  /** Gives Ingress {@code name} an address and Service {@code service} its Endpoints. */
  protected abstract AutoCloseable playControllers(String namespace, String name, String service);

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

  private static IngressSpec ingress(String service) {
    return IngressSpec.named("shop")
        .inNamespace(NS)
        .withClass("nginx")
        .route("shop.example.com", "/", service, 80)
        .build();
  }

  @Test
  void anIngressIsReadyOnceItsBackendsHaveEndpointsAndItHasAnAddress() throws Exception {
    cluster.apply(DeploymentSpec.named("web").running("nginx:1.27").inNamespace(NS).build());
    cluster.apply(ServiceSpec.named("web").inNamespace(NS).port(80).build());
    IngressStatus applied = cluster.apply(ingress("web"));
    assertThat(applied.backendServices()).containsExactly("web");
    IngressStatus ready;
    try (AutoCloseable controllers = playControllers(NS, "shop", "web")) {
      ready = cluster.awaitIngress(NS, "shop", WAIT);
    }
    assertThat(ready.backendsWithoutEndpoints()).isEmpty();
    assertThat(ready.loadBalancerIngress()).hasSize(1);
    assertThat(ready.simulated()).isEqualTo(inventsAddresses());
    assertThat(ready.describe()).startsWith("ingress \"" + NS + "/shop\" is ready at ");
    assertThat(cluster.ingress(NS, "shop")).contains(ready);
  }

  @Test
  void anIngressToAnAbsentServiceTimesOutWithTheLastStatusAndTheUnmetRule() {
    cluster.apply(ingress("missing"));
    assertThatThrownBy(() -> cluster.awaitIngress(NS, "shop", Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            AwaitTimeoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("Ingress");
              assertThat(e.getMessage())
                  .contains("timed out after PT1S")
                  .contains("no Endpoints for backend services [missing]");
              assertThat(e.lastStatus(IngressStatus.class).backendsWithoutEndpoints())
                  .containsExactly("missing");
            });
  }

  @Test
  void anAbsentIngressIsEmptyAndDeleteRemovesAPresentOne() {
    assertThat(cluster.ingress(NS, "ghost")).isEmpty();
    assertThatThrownBy(() -> cluster.awaitIngress(NS, "ghost", Duration.ofSeconds(1)))
        .isInstanceOf(KubernetesNotFoundException.class);
    assertThatThrownBy(
            () -> cluster.delete(ResourceKind.INGRESS, NS, "ghost", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
    cluster.apply(ingress("web"));
    cluster.delete(ResourceKind.INGRESS, NS, "shop", Propagation.BACKGROUND);
    assertThat(cluster.ingress(NS, "shop")).isEmpty();
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> cluster.apply((IngressSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
    assertThatThrownBy(() -> cluster.awaitIngress(NS, "shop", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> IngressSpec.named("shop").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("at least one route");
    assertThatThrownBy(() -> IngressSpec.named("shop").route(null, "api", "web", 80).build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("must be absolute");
    assertThatThrownBy(() -> IngressSpec.named("shop").route(null, "/", "web", 0).build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("port");
  }
}
