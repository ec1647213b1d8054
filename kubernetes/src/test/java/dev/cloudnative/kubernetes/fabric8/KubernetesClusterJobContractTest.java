package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.JobContractTest;
import org.junit.jupiter.api.AfterEach;

/**
 * The Job contract on fabric8's mock API server in CRUD mode, with a test thread playing the Job
 * controller ({@link FakeJobController}).
 */
class KubernetesClusterJobContractTest extends JobContractTest {

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
  protected AutoCloseable playJobController(String namespace, String name) {
    return new FakeJobController(api.client(), namespace, name);
  }

  @Override
  protected boolean collectsGarbage() {
    return false; // the CRUD mock runs no garbage collector
  }
}
