package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.StatefulSetContractTest;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.AfterEach;

/**
 * The StatefulSet contract on fabric8's CRUD mock, with a test thread playing the StatefulSet
 * controller: whenever the set's generation is unobserved it writes a status at a revision named
 * after the generation, first with one pod updated, then with every pod ready and updated.
 */
class KubernetesClusterStatefulSetContractTest extends StatefulSetContractTest {

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
  protected AutoCloseable playController(String namespace, String name) {
    KubernetesClient client = api.client();
    Thread t =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  try {
                    StatefulSet s =
                        client.apps().statefulSets().inNamespace(namespace).withName(name).get();
                    long generation = s.getMetadata().getGeneration();
                    long observed =
                        s.getStatus() == null || s.getStatus().getObservedGeneration() == null
                            ? 0
                            : s.getStatus().getObservedGeneration();
                    if (observed < generation) {
                      int replicas = s.getSpec().getReplicas();
                      String previous =
                          s.getStatus() == null
                              ? name + "-" + generation
                              : s.getStatus().getCurrentRevision();
                      String update = name + "-" + generation;
                      write(client, s, generation, replicas, replicas - 1, 1, previous, update);
                      Thread.sleep(60);
                      s = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
                      write(client, s, generation, replicas, replicas, replicas, update, update);
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
            "fake-statefulset-controller");
    t.setDaemon(true);
    t.start();
    return () -> {
      t.interrupt();
      t.join(5000);
    };
  }

  private static void write(
      KubernetesClient client,
      StatefulSet s,
      long observed,
      int replicas,
      int ready,
      int updated,
      String current,
      String update) {
    s.setStatus(
        new StatefulSetStatusBuilder()
            .withObservedGeneration(observed)
            .withReplicas(replicas)
            .withReadyReplicas(ready)
            .withCurrentReplicas(current.equals(update) ? updated : replicas - updated)
            .withUpdatedReplicas(updated)
            .withCurrentRevision(current)
            .withUpdateRevision(update)
            .build());
    client
        .apps()
        .statefulSets()
        .inNamespace(s.getMetadata().getNamespace())
        .resource(s)
        .updateStatus();
  }

  @Override
  protected void makeStuck(String image) {
    // nothing to do: without a controller nobody observes the generation
  }
}
