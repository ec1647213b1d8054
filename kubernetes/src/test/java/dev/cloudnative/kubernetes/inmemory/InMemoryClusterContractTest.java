package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ClusterContractTest;

/**
 * The contract on the in-memory simulation: its controllers make rollouts progress by themselves.
 */
class InMemoryClusterContractTest extends ClusterContractTest {

  private InMemoryCluster memory;

  @Override
  protected Cluster newCluster() {
    memory = InMemoryCluster.builder().defaultNamespace(NS).build();
    return memory;
  }

  @Override
  protected AutoCloseable playController(String namespace, String name) {
    return () -> {}; // the simulated deployment controller runs whenever a rollout wait advances
    // the clock
  }

  @Override
  protected void runPods(String namespace, String name) {
    memory.settle(20);
  }

  @Override
  protected void writeLogTail(String namespace, String pod, String... lines) {
    for (String line : lines) {
      memory.appendLog(namespace, pod, line);
    }
  }

  @Override
  protected void makeImageMissing(String namespace, String name, String image) {
    memory.missingImage(image);
  }

  @Override
  protected void makeRolloutStuck(String namespace, String name, String image) {
    memory.failImage(image);
  }
}
