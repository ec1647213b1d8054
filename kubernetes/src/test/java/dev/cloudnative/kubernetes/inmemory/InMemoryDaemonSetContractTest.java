package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.DaemonSetContractTest;

/** The DaemonSet contract on a two-node simulation, whose controller runs as waits step. */
class InMemoryDaemonSetContractTest extends DaemonSetContractTest {

  private InMemoryCluster memory;

  @Override
  protected Cluster newCluster() {
    memory = InMemoryCluster.builder().defaultNamespace(NS).nodes(2).build();
    return memory;
  }

  @Override
  protected int nodes() {
    return 2;
  }

  @Override
  protected AutoCloseable playController(String namespace, String name) {
    return () -> {};
  }

  @Override
  protected void makeStuck(String image) {
    memory.failImage(image);
  }
}
