package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.JobContractTest;

/**
 * The Job contract on the simulation: the Job controller and the simulated kubelet run the pods,
 * whose exits the test sets per image; waits step the simulated clock.
 */
class InMemoryJobContractTest extends JobContractTest {

  @Override
  protected Cluster newCluster() {
    InMemoryCluster memory = InMemoryCluster.builder().defaultNamespace(NS).build();
    memory.jobExit(OK, 0, 1);
    memory.jobExit(FAIL, 1, 1);
    memory.jobExit(ENDLESS, 0, 1_000_000);
    return memory;
  }

  @Override
  protected AutoCloseable playJobController(String namespace, String name) {
    return () -> {}; // the simulated Job controller runs whenever a wait advances the clock
  }

  @Override
  protected boolean collectsGarbage() {
    return true;
  }
}
