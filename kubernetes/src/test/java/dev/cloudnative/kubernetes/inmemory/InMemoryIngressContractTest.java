package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.IngressContractTest;

/** The Ingress contract on the simulation, whose ingress controller runs as waits step. */
class InMemoryIngressContractTest extends IngressContractTest {

  @Override
  protected Cluster newCluster() {
    return InMemoryCluster.builder().defaultNamespace(NS).build();
  }

  @Override
  protected AutoCloseable playControllers(String namespace, String name, String service) {
    return () -> {};
  }

  @Override
  protected boolean inventsAddresses() {
    return true;
  }
}
