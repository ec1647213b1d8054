package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.DaemonSetContractTest;
import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.PodInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DaemonSet contract on the embedded cluster with a pod runtime and two nodes: every daemon pod
 * is a container of {@link HttpServerRuntime}; an image tagged {@code missing} cannot be pulled, so
 * its pods never become available; time is real.
 */
class InMemoryRuntimeDaemonSetContractTest extends DaemonSetContractTest {

  private final HttpServerRuntime runtime = new HttpServerRuntime();

  @Override
  protected Cluster newCluster() {
    return InMemoryCluster.builder()
        .defaultNamespace(NS)
        .nodes(2)
        .runtime(runtime)
        .kubeletPeriod(Duration.ofMillis(20))
        .restartBackOff(Duration.ofMillis(50), Duration.ofMillis(200))
        .terminationGracePeriod(Duration.ZERO)
        .build();
  }

  @Override
  protected int nodes() {
    return 2;
  }

  @Override
  protected AutoCloseable playController(String namespace, String name) {
    return () -> {}; // the DaemonSet controller runs on every kubelet pass
  }

  @Override
  protected void makeStuck(String image) {
    // the runtime refuses images tagged "missing"
  }

  @Test
  void eachNodeRunsOneContainerReachableOnLoopback() {
    cluster.apply(
        DaemonSetSpec.named("agent")
            .running("agent:v1")
            .inNamespace(NS)
            .withPort("http", 8080)
            .build());
    cluster.awaitDaemonSet(NS, "agent", Duration.ofSeconds(60));
    List<PodInfo> pods = cluster.pods(NS, Map.of("app", "agent"));
    assertThat(pods).hasSize(2);
    assertThat(pods)
        .extracting(PodInfo::node)
        .containsExactlyInAnyOrder("inmemory-node-0", "inmemory-node-1");
    assertThat(pods).allSatisfy(p -> assertThat(p.simulated()).isFalse());
    assertThat(runtime.runningImages()).containsExactly("agent:v1", "agent:v1");
  }
}
