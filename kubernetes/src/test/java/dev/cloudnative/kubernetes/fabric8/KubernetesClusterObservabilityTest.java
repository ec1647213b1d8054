package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ClusterConfig;
import dev.cloudnative.kubernetes.ClusterObservabilityContract;
import dev.cloudnative.kubernetes.KubernetesUnreachableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The observability contract over fabric8's mock API server, plus a server that is not there. */
class KubernetesClusterObservabilityTest extends ClusterObservabilityContract {
  private MockApiServer api;

  @Override
  protected Cluster newCluster(Optional<MeterRegistry> meters, ObservationRegistry observations) {
    api = new MockApiServer();
    ClusterConfig.Builder b = api.configBuilder(NS).observationRegistry(observations);
    meters.ifPresent(b::meterRegistry);
    return KubernetesCluster.connect(b.build());
  }

  @Override
  protected String backend() {
    return "fabric8";
  }

  @AfterEach
  void stopServer() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void anUnreachableServerIsTimedAsUnreachable() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (KubernetesCluster cluster =
        KubernetesCluster.connect(
            ClusterConfig.master("http://127.0.0.1:" + port)
                .namespace(NS)
                .retries(0, Duration.ofMillis(100))
                .connectTimeout(Duration.ofSeconds(10))
                .meterRegistry(meters)
                .build())) {
      assertThatThrownBy(() -> cluster.namespaces())
          .isInstanceOf(KubernetesUnreachableException.class);
    }
    assertThat(
            meters
                .get("kubernetes.operation.duration")
                .tags("operation", "list", "kind", "namespace", "backend", "fabric8")
                .tags("outcome", "unreachable")
                .timer()
                .count())
        .isEqualTo(1);
  }
}
