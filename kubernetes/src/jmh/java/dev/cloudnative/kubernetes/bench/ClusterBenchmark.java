package dev.cloudnative.kubernetes.bench;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ClusterConfig;
import dev.cloudnative.kubernetes.ConfigMapSpec;
import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.fabric8.KubernetesCluster;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
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
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of one create-or-update plus read-back through the {@link Cluster} interface, on the
 * in-memory simulation and on {@link KubernetesCluster} against fabric8's CRUD mock API server
 * (HTTP over loopback, server-side apply refused, create/update fallback). Tells users what
 * swapping the test double costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClusterBenchmark {

  /** The competing implementations. */
  public enum Impl {
    IN_MEMORY,
    FABRIC8_MOCK
  }

  @Param public Impl impl;

  private Cluster cluster;
  private KubernetesMockServer server;
  private int counter;

  @Setup(Level.Trial)
  @SuppressWarnings("deprecation") // the mapper KubernetesMockServer's own constructors use
  public void setUp() {
    if (impl == Impl.IN_MEMORY) {
      cluster = InMemoryCluster.builder().defaultNamespace("bench").build();
    } else {
      Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
      server =
          new KubernetesMockServer(
              new Context(Serialization.jsonMapper()),
              new MockWebServer(),
              responses,
              new KubernetesMixedDispatcher(responses),
              false);
      server.init();
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver")
          .setLevel(java.util.logging.Level.WARNING);
      cluster =
          KubernetesCluster.connect(
              ClusterConfig.master("http://" + server.getHostName() + ":" + server.getPort())
                  .namespace("bench")
                  .retries(0, Duration.ofMillis(100))
                  .build());
    }
    cluster.ensureNamespace("bench");
    cluster.apply(DeploymentSpec.named("web").running("nginx:1.27").build());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cluster.close();
    if (server != null) {
      server.destroy();
    }
  }

  @Benchmark
  public Optional<Map<String, String>> applyConfigMapAndRead() {
    cluster.apply(ConfigMapSpec.of("settings", Map.of("revision", Integer.toString(counter++))));
    return cluster.configMap(null, "settings");
  }

  @Benchmark
  public DeploymentInfo scaleDeployment() {
    return cluster.scale(null, "web", 1 + (counter++ & 3));
  }
}
