package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ServiceAwaitContractTest;
import dev.cloudnative.kubernetes.ServiceStatus;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Service wait on fabric8's CRUD mock, with a test thread playing the endpoints controller
 * (first one address not ready, then as many ready addresses as the deployment has replicas) and
 * the cloud's load-balancer controller (an ingress IP for a LoadBalancer Service).
 */
class KubernetesClusterServiceAwaitContractTest extends ServiceAwaitContractTest {

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
  protected AutoCloseable playControllers(String namespace, String service, String app) {
    KubernetesClient client = api.client();
    Thread t =
        new Thread(
            () -> {
              try {
                int replicas =
                    client
                        .apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(app)
                        .get()
                        .getSpec()
                        .getReplicas();
                writeEndpoints(client, namespace, service, 0, 1);
                Thread.sleep(60);
                writeEndpoints(client, namespace, service, replicas, 0);
                Service s = client.services().inNamespace(namespace).withName(service).get();
                if ("LoadBalancer".equals(s.getSpec().getType())) {
                  Thread.sleep(60);
                  s.setStatus(
                      new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
                          .withNewLoadBalancer()
                          .withIngress(
                              new LoadBalancerIngressBuilder().withIp("203.0.113.7").build())
                          .endLoadBalancer()
                          .build());
                  client.services().inNamespace(namespace).resource(s).updateStatus();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (KubernetesClientException e) {
                throw e;
              }
            },
            "fake-endpoints-controller");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      t.join(5000);
    };
  }

  private static void writeEndpoints(
      KubernetesClient client, String namespace, String name, int ready, int notReady) {
    var subset =
        new io.fabric8.kubernetes.api.model.EndpointSubsetBuilder()
            .addNewPort()
            .withPort(80)
            .endPort();
    for (int i = 0; i < ready; i++) {
      subset.addNewAddress().withIp("10.0.0." + (i + 1)).endAddress();
    }
    for (int i = 0; i < notReady; i++) {
      subset.addNewNotReadyAddress().withIp("10.0.1." + (i + 1)).endNotReadyAddress();
    }
    client
        .endpoints()
        .inNamespace(namespace)
        .resource(
            new EndpointsBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withSubsets(subset.build())
                .build())
        .createOr(e -> e.update());
  }

  @Test
  void anExternalNameServiceIsReadyAtOnce() {
    api.client()
        .services()
        .inNamespace(NS)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withType("ExternalName")
                .withExternalName("db.example.com")
                .endSpec()
                .build())
        .create();
    ServiceStatus s = cluster.awaitService(NS, "db", Duration.ofSeconds(5));
    assertThat(s.type()).isEqualTo("ExternalName");
    assertThat(s.describe()).contains("nothing to wait for");
  }
}
