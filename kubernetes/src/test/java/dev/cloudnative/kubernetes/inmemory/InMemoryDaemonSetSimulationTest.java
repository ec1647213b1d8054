package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.DaemonSetStatus;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated DaemonSet controller step by step on four nodes: one pod per node, pinned to it; an
 * update replaces pods while no more than {@code maxUnavailable} nodes lack an available pod; a
 * delete takes the pods along unless orphaned.
 */
class InMemoryDaemonSetSimulationTest {

  private final InMemoryCluster cluster = InMemoryCluster.builder().nodes(4).build();

  @AfterEach
  void close() {
    cluster.close();
  }

  private List<PodInfo> pods() {
    return cluster.pods("default", Map.of("app", "agent"));
  }

  private static DaemonSetSpec.Builder agent(String image) {
    return DaemonSetSpec.named("agent").running(image);
  }

  @Test
  void everyNodeGetsOnePodPinnedToIt() {
    cluster.apply(agent("agent:1").build());
    cluster.step();
    assertThat(pods()).hasSize(4);
    assertThat(pods())
        .extracting(PodInfo::node)
        .containsExactlyInAnyOrder(
            "inmemory-node-0", "inmemory-node-1", "inmemory-node-2", "inmemory-node-3");
    DaemonSetStatus done = cluster.awaitDaemonSet("default", "agent", Duration.ofMinutes(1));
    assertThat(done.desiredNumberScheduled()).isEqualTo(4);
    assertThat(done.numberReady()).isEqualTo(4);
    assertThat(pods()).allSatisfy(p -> assertThat(p.ownerKind()).isEqualTo("DaemonSet"));
    assertThat(pods()).allSatisfy(p -> assertThat(p.ownerName()).isEqualTo("agent"));
  }

  @Test
  void anUpdateNeverLeavesMoreThanMaxUnavailableNodesWithoutAnAvailablePod() {
    cluster.apply(agent("agent:1").withMaxUnavailable("2").build());
    cluster.awaitDaemonSet("default", "agent", Duration.ofMinutes(1));
    cluster.apply(agent("agent:2").withMaxUnavailable("2").build());
    int steps = 0;
    DaemonSetStatus s = cluster.daemonSet("default", "agent").orElseThrow();
    while (!s.complete() && steps++ < 100) {
      cluster.step();
      s = cluster.daemonSet("default", "agent").orElseThrow();
      assertThat(s.desiredNumberScheduled() - s.numberAvailable()).isLessThanOrEqualTo(2);
      assertThat(pods().size()).isLessThanOrEqualTo(4); // maxSurge 0: never two pods on a node
    }
    assertThat(s.complete()).isTrue();
    assertThat(pods()).allSatisfy(p -> assertThat(p.image()).isEqualTo("agent:2"));
    assertThat(pods())
        .extracting(p -> p.labels().get("controller-revision-hash"))
        .containsOnly("agent-2");
  }

  @Test
  void aPercentageMaxUnavailableRoundsUpAndStaysAtLeastOne() {
    cluster.apply(agent("agent:1").withMaxUnavailable("10%").build());
    cluster.awaitDaemonSet("default", "agent", Duration.ofMinutes(1));
    cluster.apply(agent("agent:2").withMaxUnavailable("10%").build());
    cluster.step();
    DaemonSetStatus s = cluster.daemonSet("default", "agent").orElseThrow();
    assertThat(s.numberAvailable()).isEqualTo(3); // ceil(10% of 4) = 1 node at a time
    cluster.awaitDaemonSet("default", "agent", Duration.ofMinutes(1));
  }

  @Test
  void deleteTakesThePodsUnlessOrphaned() {
    cluster.apply(agent("agent:1").build());
    cluster.awaitDaemonSet("default", "agent", Duration.ofMinutes(1));
    cluster.delete(ResourceKind.DAEMON_SET, "default", "agent", Propagation.ORPHAN);
    assertThat(pods()).hasSize(4).allSatisfy(p -> assertThat(p.ownerName()).isEmpty());
    cluster.apply(DaemonSetSpec.named("other").running("agent:1").build());
    cluster.awaitDaemonSet("default", "other", Duration.ofMinutes(1));
    cluster.delete(ResourceKind.DAEMON_SET, "default", "other", Propagation.BACKGROUND);
    assertThat(cluster.pods("default", Map.of("app", "other"))).isEmpty();
  }

  @Test
  void theSelectorIsImmutableAndNodesMustBePositive() {
    cluster.apply(agent("agent:1").build());
    Assertions.assertThatThrownBy(
            () ->
                cluster.apply(
                    agent("agent:1")
                        .withLabel("tier", "x")
                        .selectedBy(Map.of("tier", "x"))
                        .build()))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("spec.selector");
    Assertions.assertThatThrownBy(() -> InMemoryCluster.builder().nodes(0))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("nodes");
  }
}
