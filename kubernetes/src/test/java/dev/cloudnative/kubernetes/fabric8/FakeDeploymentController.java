package dev.cloudnative.kubernetes.fabric8;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Plays the deployment controller against the CRUD mock, which has none: whenever a deployment's
 * generation is ahead of its observedGeneration it walks a rolling update through three status
 * writes (surge pod created, half the pods updated, all updated and available), each via the status
 * subresource. A rollout wait that returned before the last write would see an incomplete status.
 */
final class FakeDeploymentController implements AutoCloseable {
  private final Thread thread;
  private volatile boolean running = true;

  FakeDeploymentController(KubernetesClient client, String namespace, String name) {
    thread =
        new Thread(
            () -> {
              while (running) {
                try {
                  Deployment d =
                      client.apps().deployments().inNamespace(namespace).withName(name).get();
                  if (d != null) {
                    long generation = d.getMetadata().getGeneration();
                    DeploymentStatus s = d.getStatus();
                    long observed =
                        s == null || s.getObservedGeneration() == null
                            ? 0
                            : s.getObservedGeneration();
                    if (observed < generation) {
                      int replicas = d.getSpec().getReplicas();
                      write(
                          client,
                          namespace,
                          name,
                          status(
                              generation,
                              replicas + 1,
                              1,
                              replicas,
                              replicas - 1 < 0 ? 0 : Math.max(0, replicas - 1)));
                      pause();
                      write(
                          client,
                          namespace,
                          name,
                          status(generation, replicas + 1, (replicas + 1) / 2, replicas, 0));
                      pause();
                      write(
                          client,
                          namespace,
                          name,
                          status(generation, replicas, replicas, replicas, 0));
                    }
                  }
                  pause();
                } catch (KubernetesClientException e) {
                  pause(); // a concurrent writer changed the object; read it again
                }
              }
            },
            "fake-deployment-controller");
    thread.setDaemon(true);
    thread.start();
  }

  private static DeploymentStatus status(
      long observed, int total, int updated, int available, int unavailable) {
    return new DeploymentStatusBuilder()
        .withObservedGeneration(observed)
        .withReplicas(total)
        .withUpdatedReplicas(updated)
        .withReadyReplicas(available)
        .withAvailableReplicas(available)
        .withUnavailableReplicas(unavailable == 0 ? null : unavailable)
        .build();
  }

  static void write(
      KubernetesClient client, String namespace, String name, DeploymentStatus status) {
    Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
    current.setStatus(status);
    client.apps().deployments().inNamespace(namespace).resource(current).updateStatus();
  }

  private void pause() {
    try {
      Thread.sleep(60);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
