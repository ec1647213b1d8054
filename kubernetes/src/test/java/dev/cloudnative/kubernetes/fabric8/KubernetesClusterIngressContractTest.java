package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.IngressContractTest;
import dev.cloudnative.kubernetes.IngressRoute;
import dev.cloudnative.kubernetes.IngressSpec;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Ingress contract on fabric8's CRUD mock, with a test thread playing the endpoints controller
 * (an Endpoints object for the backend) and the ingress controller (an address in the status).
 */
class KubernetesClusterIngressContractTest extends IngressContractTest {

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
  protected AutoCloseable playControllers(String namespace, String name, String service) {
    KubernetesClient client = api.client();
    Thread t =
        new Thread(
            () -> {
              try {
                Thread.sleep(60);
                client
                    .endpoints()
                    .inNamespace(namespace)
                    .resource(
                        new EndpointsBuilder()
                            .withNewMetadata()
                            .withName(service)
                            .withNamespace(namespace)
                            .endMetadata()
                            .build())
                    .create();
                Thread.sleep(60);
                Ingress i =
                    client.network().v1().ingresses().inNamespace(namespace).withName(name).get();
                i.setStatus(
                    new IngressStatusBuilder()
                        .withNewLoadBalancer()
                        .addNewIngress()
                        .withHostname("lb.example.com")
                        .endIngress()
                        .endLoadBalancer()
                        .build());
                client.network().v1().ingresses().inNamespace(namespace).resource(i).updateStatus();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fake-ingress-controller");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      t.join(5000);
    };
  }

  @Test
  void theManifestGroupsPathsByHostAndCarriesTls() {
    cluster.apply(
        IngressSpec.named("shop")
            .withClass("nginx")
            .route("shop.example.com", "/", "web", 80)
            .route("shop.example.com", "/api", IngressRoute.PathType.EXACT, "api", 8080)
            .route(null, "/", "fallback", 80)
            .withTls("shop-tls", "shop.example.com")
            .build());
    Ingress i = api.client().network().v1().ingresses().inNamespace(NS).withName("shop").get();
    assertThat(i.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(i.getSpec().getRules()).hasSize(2);
    assertThat(i.getSpec().getRules().get(0).getHost()).isEqualTo("shop.example.com");
    assertThat(i.getSpec().getRules().get(0).getHttp().getPaths()).hasSize(2);
    var api = i.getSpec().getRules().get(0).getHttp().getPaths().get(1);
    assertThat(api.getPathType()).isEqualTo("Exact");
    assertThat(api.getBackend().getService().getName()).isEqualTo("api");
    assertThat(api.getBackend().getService().getPort().getNumber()).isEqualTo(8080);
    assertThat(i.getSpec().getRules().get(1).getHost()).isNull();
    assertThat(i.getSpec().getTls().get(0).getSecretName()).isEqualTo("shop-tls");
    assertThat(cluster.ingress(NS, "shop").orElseThrow().backendServices())
        .containsExactly("web", "api", "fallback");
  }
}
