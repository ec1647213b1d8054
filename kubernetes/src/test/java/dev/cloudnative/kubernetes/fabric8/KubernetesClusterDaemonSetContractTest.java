package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.DaemonSetContractTest;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;

/**
 * The DaemonSet contract on fabric8's CRUD mock, with a test thread playing the DaemonSet
 * controller on three nodes: whenever the set's generation is unobserved it writes a status with
 * one node updated and none available, then every node updated and available.
 */
class KubernetesClusterDaemonSetContractTest extends DaemonSetContractTest {

  private static final int NODES = 3;

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
  protected int nodes() {
    return NODES;
  }

  @Override
  protected AutoCloseable playController(String namespace, String name) {
    KubernetesClient client = api.client();
    Thread t =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  try {
                    DaemonSet d =
                        client.apps().daemonSets().inNamespace(namespace).withName(name).get();
                    long generation = d.getMetadata().getGeneration();
                    long observed =
                        d.getStatus() == null || d.getStatus().getObservedGeneration() == null
                            ? 0
                            : d.getStatus().getObservedGeneration();
                    if (observed < generation) {
                      write(client, d, generation, 1, 0);
                      Thread.sleep(60);
                      d = client.apps().daemonSets().inNamespace(namespace).withName(name).get();
                      write(client, d, generation, NODES, NODES);
                    }
                  } catch (KubernetesClientException e) {
                    // a concurrent writer changed the object; read it again
                  }
                  Thread.sleep(30);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "fake-daemonset-controller");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      t.join(5000);
    };
  }

  private static void write(
      KubernetesClient client, DaemonSet d, long observed, int updated, int available) {
    d.setStatus(
        new DaemonSetStatusBuilder()
            .withObservedGeneration(observed)
            .withDesiredNumberScheduled(NODES)
            .withCurrentNumberScheduled(NODES)
            .withUpdatedNumberScheduled(updated)
            .withNumberReady(available)
            .withNumberAvailable(available)
            .withNumberUnavailable(NODES - available)
            .withNumberMisscheduled(0)
            .build());
    client
        .apps()
        .daemonSets()
        .inNamespace(d.getMetadata().getNamespace())
        .resource(d)
        .updateStatus();
  }

  @Override
  protected void makeStuck(String image) {
    // nothing to do: without a controller nobody observes the generation
  }
}
