package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The DaemonSet behaviour every {@link Cluster} implementation must show: apply, read, wait on
 * kubectl's rule, time out with the last status and the unmet rule, delete, bad input. Subclasses
 * play the DaemonSet controller where the cluster has none and make a rollout get stuck.
 */
public abstract class DaemonSetContractTest {

  protected static final String NS = "daemons";
  private static final Duration WAIT = Duration.ofSeconds(60);

  protected Cluster cluster;

  /** A fresh cluster whose default namespace is {@link #NS}, simulating two nodes if it can. */
  protected abstract Cluster newCluster();

  /** How many nodes the cluster schedules daemon pods on. */
  protected abstract int nodes();

  /** Makes set {@code name} progress (by itself on a simulated cluster; a thread on the mock). */
  protected abstract AutoCloseable playController(String namespace, String name);

  /** Arranges that pods of {@code image} never become ready (nothing to do on the mock). */
  protected abstract void makeStuck(String image);

  @BeforeEach
  void setUpCluster() {
    cluster = newCluster();
    cluster.ensureNamespace(NS);
  }

  @AfterEach
  void tearDownCluster() {
    cluster.close();
  }

  private static DaemonSetSpec agent(String image) {
    return DaemonSetSpec.named("agent")
        .running(image)
        .inNamespace(NS)
        .withPort("metrics", 2020)
        .withEnv("LEVEL", "info")
        .build();
  }

  @Test
  void aDaemonSetRollsOutOnEveryNodeAndAnUpdateRollsItAgain() throws Exception {
    DaemonSetStatus applied = cluster.apply(agent("fluent/fluent-bit:3.1"));
    assertThat(applied.complete()).isFalse();
    DaemonSetStatus first;
    try (AutoCloseable controller = playController(NS, "agent")) {
      first = cluster.awaitDaemonSet(NS, "agent", WAIT);
    }
    assertThat(first.desiredNumberScheduled()).isEqualTo(nodes());
    assertThat(first.updatedNumberScheduled()).isEqualTo(nodes());
    assertThat(first.numberAvailable()).isEqualTo(nodes());
    assertThat(first.describe())
        .isEqualTo("daemon set \"" + NS + "/agent\" successfully rolled out");
    assertThat(cluster.daemonSet(NS, "agent")).contains(first);

    cluster.apply(agent("fluent/fluent-bit:3.2"));
    DaemonSetStatus second;
    try (AutoCloseable controller = playController(NS, "agent")) {
      second = cluster.awaitDaemonSet(NS, "agent", WAIT);
    }
    assertThat(second.generation()).isGreaterThan(first.generation());
    assertThat(second.observedGeneration()).isGreaterThanOrEqualTo(second.generation());
    assertThat(second.updatedNumberScheduled()).isEqualTo(nodes());
  }

  @Test
  void aStuckRolloutTimesOutWithTheLastStatusAndTheUnmetRule() {
    makeStuck("fluent/fluent-bit:missing");
    cluster.apply(agent("fluent/fluent-bit:missing"));
    assertThatThrownBy(() -> cluster.awaitDaemonSet(NS, "agent", Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(
            AwaitTimeoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("DaemonSet");
              assertThat(e.getMessage())
                  .contains("timed out after PT2S")
                  .contains("unmet: Waiting for daemon set \"" + NS + "/agent\"");
              assertThat(e.ruleFailed()).isFalse();
              DaemonSetStatus last = e.lastStatus(DaemonSetStatus.class);
              assertThat(last.complete()).isFalse();
              assertThat(last.numberAvailable()).isZero();
            });
  }

  @Test
  void anAbsentSetIsEmptyAndDeleteRemovesAPresentOne() {
    assertThat(cluster.daemonSet(NS, "ghost")).isEmpty();
    assertThatThrownBy(() -> cluster.awaitDaemonSet(NS, "ghost", Duration.ofSeconds(1)))
        .isInstanceOf(KubernetesNotFoundException.class)
        .hasMessageContaining("ghost");
    assertThatThrownBy(
            () -> cluster.delete(ResourceKind.DAEMON_SET, NS, "ghost", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
    cluster.apply(agent("fluent/fluent-bit:3.1"));
    cluster.delete(ResourceKind.DAEMON_SET, NS, "agent", Propagation.FOREGROUND);
    assertThat(cluster.daemonSet(NS, "agent")).isEmpty();
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> cluster.apply((DaemonSetSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
    assertThatThrownBy(() -> cluster.awaitDaemonSet(NS, "agent", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> cluster.awaitDaemonSet(NS, "agent", Duration.ofSeconds(-1)))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> cluster.daemonSet(NS, "Bad_Name"))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("Bad_Name");
    assertThatThrownBy(
            () -> DaemonSetSpec.named("agent").running("busybox").withMaxUnavailable("0").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("maxUnavailable")
        .hasMessageContaining("must be above 0");
    assertThatThrownBy(
            () -> DaemonSetSpec.named("agent").running("busybox").withMaxUnavailable("x").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("maxUnavailable");
    assertThatThrownBy(() -> DaemonSetSpec.named("agent").running("Bad Image").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("image");
    assertThatThrownBy(
            () ->
                DaemonSetSpec.named("agent")
                    .running("busybox")
                    .selectedBy(java.util.Map.of("app", "other"))
                    .build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("does not match the pod labels");
  }
}
