package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.StatefulSetContractTest;

/** The StatefulSet contract on the simulation, whose controller runs as waits step the clock. */
class InMemoryStatefulSetContractTest extends StatefulSetContractTest {

  private InMemoryCluster memory;

  @Override
  protected Cluster newCluster() {
    memory = InMemoryCluster.builder().defaultNamespace(NS).build();
    return memory;
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
