package dev.cloudnative.core.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointRegistry;
import dev.cloudnative.mesh.ServiceMesh;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The feed keeps the mesh's subsets equal to the ready pods, by version label, through scaling and
 * deletes.
 */
class ClusterEndpointFeedTest {

  private final InMemoryCluster cluster = InMemoryCluster.create();
  private final ServiceMesh mesh = ServiceMesh.builder().build();
  private final EndpointRegistry registry = mesh.registry();

  @AfterEach
  void close() {
    mesh.close();
    cluster.close();
  }

  @Test
  void followsReadyPodsPerVersion() throws Exception {
    deploy("api", "stable", 2);
    try (AutoCloseable feed =
        new ClusterEndpointFeed(cluster, "default", "api", 9090).start(registry)) {
      assertThat(endpoints("stable"))
          .hasSize(2)
          .allSatisfy(
              e -> {
                assertThat(e.port()).isEqualTo(9090);
                assertThat(e.host()).isNotBlank();
                assertThat(e.labels()).containsEntry("version", "stable");
              });

      deploy("api-v2", "v2", 1);
      assertThat(endpoints("v2")).hasSize(1);

      cluster.scale("default", "api", 4);
      cluster.awaitRollout("default", "api", Duration.ofSeconds(30), s -> {});
      assertThat(endpoints("stable")).hasSize(4);

      cluster.delete(
          dev.cloudnative.kubernetes.ResourceKind.DEPLOYMENT,
          "default",
          "api-v2",
          dev.cloudnative.kubernetes.Propagation.FOREGROUND);
      cluster.settle(100);
      assertThat(endpoints("v2")).isEmpty();
      assertThat(endpoints("stable")).hasSize(4);
    }
  }

  @Test
  void ignoresOtherApplications() throws Exception {
    deploy("api", "stable", 1);
    DeploymentSpec other = DeploymentSpec.named("other").running("other:1").withReplicas(2).build();
    cluster.apply(other);
    cluster.awaitRollout("default", "other", Duration.ofSeconds(30), s -> {});
    try (AutoCloseable feed =
        new ClusterEndpointFeed(cluster, "default", "api", 8080).start(registry)) {
      assertThat(registry.snapshot().services().keySet()).containsExactly("api");
      assertThat(endpoints("stable")).hasSize(1);
    }
  }

  private void deploy(String name, String version, int replicas) {
    cluster.apply(
        DeploymentSpec.named(name)
            .running("api:" + version)
            .withReplicas(replicas)
            .selectedBy(Map.of("app", "api", "version", version))
            .withLabel("app", "api")
            .withLabel("version", version)
            .build());
    cluster.awaitRollout("default", name, Duration.ofSeconds(30), s -> {});
  }

  private List<Endpoint> endpoints(String subset) {
    return registry.snapshot().service("api").map(s -> s.endpoints(subset)).orElse(List.of());
  }
}
