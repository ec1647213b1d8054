package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.StatefulSetSpec;
import dev.cloudnative.kubernetes.StatefulSetStatus;
import dev.cloudnative.kubernetes.StatefulSetTimeoutException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated StatefulSet controller step by step: ordinals created in order, each after the one
 * below is ready; updates rolled from the highest ordinal down, one pod at a time, stopping at the
 * partition; scale-down from the highest ordinal.
 */
class InMemoryStatefulSetSimulationTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InMemoryCluster cluster = InMemoryCluster.builder().meterRegistry(meters).build();

  @AfterEach
  void close() {
    cluster.close();
  }

  private List<String> podNames() {
    return cluster.pods("default", Map.of("app", "db")).stream().map(PodInfo::name).toList();
  }

  private String revisionOf(String pod) {
    return cluster
        .pods("default", Map.of("statefulset.kubernetes.io/pod-name", pod))
        .get(0)
        .labels()
        .get("controller-revision-hash");
  }

  private static StatefulSetSpec.Builder db(String image) {
    return StatefulSetSpec.named("db").running(image).withReplicas(3);
  }

  @Test
  void ordinalsAreCreatedInOrderEachAfterTheOneBelowIsReady() {
    cluster.apply(db("postgres:16.1").build());
    cluster.step();
    assertThat(podNames()).containsExactly("db-0");
    cluster.step(); // db-0 starts Running, not yet ready: nothing more
    assertThat(podNames()).containsExactly("db-0");
    StatefulSetStatus done = cluster.awaitStatefulSet("default", "db", Duration.ofMinutes(1));
    assertThat(podNames()).containsExactly("db-0", "db-1", "db-2");
    assertThat(done.readyReplicas()).isEqualTo(3);
    assertThat(cluster.pods("default", Map.of("app", "db")))
        .allSatisfy(p -> assertThat(p.ownerKind()).isEqualTo("StatefulSet"));
  }

  @Test
  void anUpdateRollsFromTheHighestOrdinalDownOnePodAtATime() {
    cluster.apply(db("postgres:16.1").build());
    StatefulSetStatus first = cluster.awaitStatefulSet("default", "db", Duration.ofMinutes(1));
    cluster.apply(db("postgres:16.2").build());
    cluster.step(); // db-2 removed
    assertThat(podNames()).containsExactly("db-0", "db-1");
    cluster.step(); // db-2 created at the new revision
    StatefulSetStatus mid = cluster.statefulSet("default", "db").orElseThrow();
    assertThat(revisionOf("db-2")).isEqualTo(mid.updateRevision());
    assertThat(revisionOf("db-0")).isEqualTo(first.currentRevision());
    assertThat(mid.complete()).isFalse();
    StatefulSetStatus done = cluster.awaitStatefulSet("default", "db", Duration.ofMinutes(1));
    assertThat(done.currentRevision()).isEqualTo(done.updateRevision());
    assertThat(done.updatedReplicas()).isEqualTo(3);
    assertThat(revisionOf("db-0")).isEqualTo(done.updateRevision());
  }

  @Test
  void aPartitionKeepsTheLowerOrdinalsAtThePreviousRevision() {
    cluster.apply(db("postgres:16.1").build());
    StatefulSetStatus first = cluster.awaitStatefulSet("default", "db", Duration.ofMinutes(1));
    cluster.apply(db("postgres:16.2").withPartition(2).build());
    StatefulSetStatus done = cluster.awaitStatefulSet("default", "db", Duration.ofMinutes(1));
    assertThat(done.describe()).contains("partitioned roll out complete: 1 new pods");
    assertThat(revisionOf("db-2")).isEqualTo(done.updateRevision());
    assertThat(revisionOf("db-1")).isEqualTo(first.currentRevision());
    assertThat(done.currentRevision()).isEqualTo(first.currentRevision());
    cluster.step(10);
    assertThat(revisionOf("db-0")).isEqualTo(first.currentRevision());
  }

  @Test
  void statefulSetCallsAreTimedWithKindStatefulSet() {
    cluster.apply(db("postgres:16.1").build());
    cluster.statefulSet("default", "db");
    cluster.awaitStatefulSet("default", "db", Duration.ofMinutes(1));
    cluster.failImage("postgres:broken");
    cluster.apply(db("postgres:broken").build());
    assertThatThrownBy(() -> cluster.awaitStatefulSet("default", "db", Duration.ofSeconds(5)))
        .isInstanceOf(StatefulSetTimeoutException.class);
    for (String[] row :
        List.of(
            new String[] {"apply", "success", "2"},
            new String[] {"get", "success", "1"},
            new String[] {"rollout_wait", "success", "1"},
            new String[] {"rollout_wait", "rollout_timeout", "1"})) {
      assertThat(
              meters
                  .get("kubernetes.operation.duration")
                  .tags("operation", row[0], "kind", "stateful_set", "outcome", row[1])
                  .timer()
                  .count())
          .isEqualTo(Long.parseLong(row[2]));
    }
  }

  @Test
  void aScaleDownRemovesTheHighestOrdinalsFirst() {
    cluster.apply(db("postgres:16.1").build());
    cluster.awaitStatefulSet("default", "db", Duration.ofMinutes(1));
    cluster.apply(db("postgres:16.1").withReplicas(1).build());
    cluster.step();
    assertThat(podNames()).containsExactly("db-0", "db-1");
    cluster.awaitStatefulSet("default", "db", Duration.ofMinutes(1));
    cluster.settle(10);
    assertThat(podNames()).containsExactly("db-0");
  }
}
