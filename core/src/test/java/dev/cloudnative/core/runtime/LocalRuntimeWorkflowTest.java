package dev.cloudnative.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.core.AppSpec;
import dev.cloudnative.core.CloudNative;
import dev.cloudnative.core.DeployException;
import dev.cloudnative.core.testing.ShopImage;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.kubernetes.ExecResult;
import dev.cloudnative.kubernetes.ImagePullException;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PortForward;
import dev.cloudnative.mesh.EndpointStats;
import dev.cloudnative.mesh.SubsetStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole application workflow on the embedded cluster with a local pod runtime: every pod is a
 * container of the engine, answering HTTP on loopback, and every request below really crosses a
 * socket to the pod the mesh picked. Subclasses give the engine: the in-memory engine, or a real
 * Docker Engine.
 */
abstract class LocalRuntimeWorkflowTest {

  protected CloudNative cn;
  @TempDir Path dir;

  /** The engine pods run on; owned by the facade afterwards. */
  protected abstract ContainerEngine engine();

  /**
   * Whether images must carry the real busybox (real engines) or may rely on the engine's model of
   * it.
   */
  protected abstract boolean realBinaries();

  @BeforeEach
  void start() {
    cn = CloudNative.builder().containers(engine()).build();
  }

  @AfterEach
  void stop() {
    // null when engine() skipped the test before the facade was built
    if (cn != null) {
      cn.close();
    }
  }

  private String image(String name, String page) {
    cn.containers()
        .build(
            ImageBuild.fromDirectory(ShopImage.context(dir.resolve(name), page, realBinaries()))
                .tag(name)
                .build());
    return name;
  }

  private HttpResponse<String> get(String service) throws Exception {
    return cn.http()
        .send(
            HttpRequest.newBuilder(URI.create("http://" + service + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Integer> pages(int requests) throws Exception {
    Map<String, Integer> seen = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> r = get("shop");
      assertThat(r.statusCode()).isEqualTo(200);
      seen.merge(r.body().trim(), 1, Integer::sum);
    }
    return seen;
  }

  @Test
  void deployedPodsServeRealTrafficThroughTheMeshAcrossCanaryPromoteAndScale() throws Exception {
    String v1 = image("cn-shop:1.0", "shop 1.0");
    String v2 = image("cn-shop:2.0", "shop 2.0");
    assertThat(cn.backends())
        .filteredOn(b -> b.module().equals("cluster"))
        .singleElement()
        .satisfies(b -> assertThat(b.detail()).contains("pods run as containers"));

    cn.deploy(AppSpec.named("shop").image(v1).replicas(2).expose(80, 8080).build());
    assertThat(cn.app("shop").status().pods())
        .hasSize(2)
        .allSatisfy(
            p -> {
              assertThat(p.simulated()).isFalse();
              assertThat(p.ip()).isEqualTo("127.0.0.1");
              assertThat(p.port(8080)).isNotEqualTo(8080).isPositive();
            });
    assertThat(pages(20)).containsOnlyKeys("shop 1.0");

    cn.app("shop").canary("v2", v2, 20);
    Map<String, Integer> split = pages(400);
    assertThat(split).containsOnlyKeys("shop 1.0", "shop 2.0");
    assertThat(split.get("shop 2.0") / 400.0).isBetween(0.12, 0.28);

    cn.app("shop").promote();
    assertThat(pages(20)).containsOnlyKeys("shop 2.0");

    cn.app("shop").scale(4);
    long before = servedPerEndpoint().values().stream().mapToLong(Long::longValue).sum();
    pages(80);
    Map<String, Long> served = servedPerEndpoint();
    assertThat(served).hasSize(4);
    assertThat(served.values()).allSatisfy(n -> assertThat(n).isPositive());
    assertThat(served.values().stream().mapToLong(Long::longValue).sum() - before)
        .isGreaterThanOrEqualTo(80);

    cn.app("shop").undeploy();
    assertThat(cn.cluster().pods(cn.namespace(), Map.of("app", "shop"))).isEmpty();
  }

  @Test
  void execAndPortForwardReachThePodsContainer() throws Exception {
    String v1 = image("cn-exec:1.0", "exec page");
    cn.deploy(AppSpec.named("exec").image(v1).replicas(1).expose(80, 8080).build());
    PodInfo pod = cn.cluster().pods(cn.namespace(), Map.of("app", "exec")).get(0);

    ExecResult r =
        cn.cluster()
            .exec(
                cn.namespace(),
                pod.name(),
                List.of("/bin/busybox", "echo", "hello from", "$HOME"),
                Duration.ofSeconds(60));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo("hello from $HOME\n"); // an argument list, no shell
    ExecResult failed =
        cn.cluster()
            .exec(
                cn.namespace(),
                pod.name(),
                List.of("/bin/busybox", "cat", "/no/such/file"),
                Duration.ofSeconds(60));
    assertThat(failed.exitCode()).isNotZero();
    assertThat(failed.stderr()).contains("/no/such/file");

    try (PortForward forward = cn.cluster().portForward(cn.namespace(), pod.name(), 8080)) {
      assertThat(forward.localAddress().getAddress().isLoopbackAddress()).isTrue();
      HttpResponse<String> page =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + forward.localAddress().getPort() + "/"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body().trim()).isEqualTo("exec page");
    }
  }

  @Test
  void podLogsAreTheContainersLogsAndDeletedPodsStopTheirContainers() throws Exception {
    String v1 = image("cn-logs:1.0", "logs");
    cn.deploy(AppSpec.named("logs").image(v1).replicas(1).expose(80, 8080).build());
    PodInfo pod = cn.cluster().pods(cn.namespace(), Map.of("app", "logs")).get(0);
    get("logs");
    assertThat(cn.containers().list(Map.of("io.kubernetes.pod.name", pod.name()), false))
        .hasSize(1);

    cn.app("logs").scale(0);
    assertThat(cn.cluster().pods(cn.namespace(), Map.of("app", "logs"))).isEmpty();
    // the container is stopped asynchronously after its pod is gone; give it a generous bound
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!cn.containers().list(Map.of("io.kubernetes.pod.name", pod.name()), true).isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(cn.containers().list(Map.of("io.kubernetes.pod.name", pod.name()), true)).isEmpty();
  }

  @Test
  void aCanaryOfAnImageThatWasNeverBuiltFailsAsAnImagePullFailure() {
    String v1 = image("cn-pull:1.0", "pull");
    cn.deploy(AppSpec.named("pull").image(v1).replicas(1).expose(80, 8080).build());
    assertThatThrownBy(() -> cn.app("pull").canary("v2", "127.0.0.1:1/never/built:2", 20))
        .isInstanceOf(DeployException.class)
        .hasMessageContaining("await-rollout")
        .cause()
        .isInstanceOfSatisfying(
            ImagePullException.class,
            e -> assertThat(e.image()).isEqualTo("127.0.0.1:1/never/built:2"));
  }

  private Map<String, Long> servedPerEndpoint() {
    Map<String, Long> served = new TreeMap<>();
    SubsetStats stable = cn.mesh().stats("shop").orElseThrow().subsets().get("stable");
    for (EndpointStats e : stable.endpoints()) {
      served.put(e.endpoint().id(), e.successes());
    }
    return served;
  }
}
