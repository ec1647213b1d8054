package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The StatefulSet behaviour every {@link Cluster} implementation must show: apply, read, wait on
 * kubectl's rule, delete, bad input. Subclasses play the StatefulSet controller where the cluster
 * has none and make a rollout get stuck.
 */
public abstract class StatefulSetContractTest {

  protected static final String NS = "sets";
  private static final Duration WAIT = Duration.ofSeconds(60);

  protected Cluster cluster;

  /** A fresh cluster whose default namespace is {@link #NS}. */
  protected abstract Cluster newCluster();

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

  private static StatefulSetSpec db(String image, int replicas) {
    return StatefulSetSpec.named("db")
        .running(image)
        .withReplicas(replicas)
        .inNamespace(NS)
        .withPort("pg", 5432)
        .withEnv("MODE", "test")
        .build();
  }

  @Test
  void aStatefulSetRollsOutAndAnUpdateMovesItToANewRevision() throws Exception {
    StatefulSetStatus applied = cluster.apply(db("postgres:16.1", 3));
    assertThat(applied.replicas()).isEqualTo(3);
    assertThat(applied.complete()).isFalse();
    StatefulSetStatus first;
    try (AutoCloseable controller = playController(NS, "db")) {
      first = cluster.awaitStatefulSet(NS, "db", WAIT);
    }
    assertThat(first.readyReplicas()).isEqualTo(3);
    assertThat(first.currentRevision()).isEqualTo(first.updateRevision()).isNotEmpty();
    assertThat(first.describe()).contains("rolling update complete 3 pods at revision");
    assertThat(cluster.statefulSet(NS, "db")).contains(first);

    cluster.apply(db("postgres:16.2", 3));
    StatefulSetStatus second;
    try (AutoCloseable controller = playController(NS, "db")) {
      second = cluster.awaitStatefulSet(NS, "db", WAIT);
    }
    assertThat(second.generation()).isGreaterThan(first.generation());
    assertThat(second.currentRevision()).isEqualTo(second.updateRevision());
    assertThat(second.updateRevision()).isNotEqualTo(first.updateRevision());
    assertThat(second.updatedReplicas()).isEqualTo(3);
  }

  @Test
  void aStuckRolloutTimesOutWithTheLastStatusAndTheUnmetRule() {
    makeStuck("postgres:broken");
    cluster.apply(db("postgres:broken", 2));
    assertThatThrownBy(() -> cluster.awaitStatefulSet(NS, "db", Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(
            StatefulSetTimeoutException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("StatefulSet");
              assertThat(e.getMessage())
                  .contains("timed out after PT2S")
                  .contains("unmet: Waiting for statefulset \"" + NS + "/db\"");
              assertThat(e.lastStatus().complete()).isFalse();
              assertThat(e.lastStatus().readyReplicas()).isZero();
            });
  }

  @Test
  void anAbsentSetIsEmptyAndDeleteRemovesAPresentOne() {
    assertThat(cluster.statefulSet(NS, "ghost")).isEmpty();
    assertThatThrownBy(() -> cluster.awaitStatefulSet(NS, "ghost", Duration.ofSeconds(1)))
        .isInstanceOf(KubernetesNotFoundException.class)
        .hasMessageContaining("ghost");
    assertThatThrownBy(
            () -> cluster.delete(ResourceKind.STATEFUL_SET, NS, "ghost", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
    cluster.apply(db("postgres:16.1", 1));
    cluster.delete(ResourceKind.STATEFUL_SET, NS, "db", Propagation.FOREGROUND);
    assertThat(cluster.statefulSet(NS, "db")).isEmpty();
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> cluster.apply((StatefulSetSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
    assertThatThrownBy(() -> cluster.awaitStatefulSet(NS, "db", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> cluster.awaitStatefulSet(NS, "db", Duration.ofSeconds(-1)))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> cluster.statefulSet(NS, "Bad_Name"))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("Bad_Name");
    assertThatThrownBy(
            () -> StatefulSetSpec.named("db").running("postgres:16").withPartition(-1).build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("partition")
        .hasMessageContaining("must be 0 or more, found -1");
    assertThatThrownBy(() -> StatefulSetSpec.named("db").running("Bad Image").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("image");
  }
}
