package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ClusterContractTest;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;

/**
 * The contract on fabric8's mock API server in CRUD mode, with a test thread playing the
 * controller.
 */
class KubernetesClusterContractTest extends ClusterContractTest {

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
    return new FakeDeploymentController(api.client(), namespace, name);
  }

  /**
   * Plays the ReplicaSet controller and kubelet: one running, ready pod per replica, from the
   * template.
   */
  @Override
  protected void runPods(String namespace, String name) {
    KubernetesClient client = api.client();
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    for (int i = 0; i < d.getSpec().getReplicas(); i++) {
      PodTemplateSpec t = d.getSpec().getTemplate();
      client
          .pods()
          .inNamespace(namespace)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(name + "-5d9f-" + i)
                  .withLabels(t.getMetadata().getLabels())
                  .addNewOwnerReference()
                  .withApiVersion("apps/v1")
                  .withKind("ReplicaSet")
                  .withName(name + "-5d9f")
                  .withUid("rs-uid")
                  .withController(true)
                  .endOwnerReference()
                  .endMetadata()
                  .withSpec(t.getSpec())
                  .editSpec()
                  .withNodeName("node-1")
                  .endSpec()
                  .withNewStatus()
                  .withPhase("Running")
                  .withPodIP("10.0.0." + (i + 2))
                  .addNewCondition()
                  .withType("Ready")
                  .withStatus("True")
                  .endCondition()
                  .endStatus()
                  .build())
          .create();
    }
  }

  @Override
  protected void writeLogTail(String namespace, String pod, String... lines) {
    api.server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + namespace
                + "/pods/"
                + pod
                + "/log?pretty=false&tailLines="
                + lines.length)
        .andReturn(200, String.join("\n", lines) + "\n")
        .once();
  }

  /**
   * Plays the kubelet of a node that cannot pull {@code image}: one pending pod of the deployment's
   * template whose container waits with {@code ErrImagePull}.
   */
  @Override
  protected void makeImageMissing(String namespace, String name, String image) {
    KubernetesClient client = api.client();
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
    PodTemplateSpec t = d.getSpec().getTemplate();
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name + "-7c4b-pull")
                .withLabels(t.getMetadata().getLabels())
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(name + "-7c4b")
                .withUid("rs-uid-2")
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withSpec(t.getSpec())
                .editSpec()
                .withNodeName("node-1")
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .addNewContainerStatus()
                .withName(t.getSpec().getContainers().get(0).getName())
                .withImage(image)
                .withReady(false)
                .withRestartCount(0)
                .withNewState()
                .withNewWaiting()
                .withReason("ErrImagePull")
                .withMessage("pull access denied for " + image)
                .endWaiting()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build())
        .create();
  }

  @Override
  protected void makeRolloutStuck(String namespace, String name, String image) {
    // nothing to do: without a controller nobody ever observes the new generation
  }
}
