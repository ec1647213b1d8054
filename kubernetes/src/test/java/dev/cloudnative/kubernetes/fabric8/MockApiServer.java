package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.ClusterConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in mixed mode: requests with a recorded expectation ({@code
 * server.expect()}) get it, every other request goes to the CRUD dispatcher, which stores objects
 * like an API server without controllers. Tests drive it through our {@link KubernetesCluster} and
 * play controllers with {@link #client()}.
 */
final class MockApiServer implements AutoCloseable {
  // The mock logs every request at INFO through java.util.logging; keep a strong reference so the
  // level sticks.
  private static final java.util.logging.Logger MOCK_LOG = quiet();

  private static java.util.logging.Logger quiet() {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(java.util.logging.Level.WARNING);
    return log;
  }

  final KubernetesMockServer server;
  private final KubernetesClient client;

  @SuppressWarnings(
      "deprecation") // the mapper KubernetesMockServer's own constructors use; no replacement yet
  MockApiServer() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    client = server.createClient();
  }

  /**
   * Our cluster on this server: no retries (failures surface at once), timeouts generous for a
   * loaded machine.
   */
  KubernetesCluster cluster(String namespace) {
    return KubernetesCluster.connect(config(namespace));
  }

  ClusterConfig config(String namespace) {
    return configBuilder(namespace).build();
  }

  /** The settings of {@link #config}, to add to (registries, for instance). */
  ClusterConfig.Builder configBuilder(String namespace) {
    return ClusterConfig.master("http://" + server.getHostName() + ":" + server.getPort())
        .namespace(namespace)
        .retries(0, Duration.ofMillis(100))
        .requestTimeout(Duration.ofSeconds(30))
        .connectTimeout(Duration.ofSeconds(10))
        .rolloutPollInterval(Duration.ofMillis(50));
  }

  /** A plain fabric8 client, for the test to act as a controller or kubelet. */
  KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
