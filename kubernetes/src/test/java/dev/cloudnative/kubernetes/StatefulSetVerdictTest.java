package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.RolloutVerdict.State;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link StatefulSetStatus#verdict()} row by row against {@code StatefulSetStatusViewer.Status} in
 * kubernetes/kubectl {@code pkg/polymorphichelpers/rollout_status.go}: OnDelete is an error; then
 * the generation must be observed (and non-zero); then {@code readyReplicas < replicas} waits; a
 * partition above 0 is done once {@code updatedReplicas >= replicas - partition}; otherwise the
 * update revision must equal the current one.
 */
class StatefulSetVerdictTest {

  /** rolling, generation, observed, replicas, partition, ready, current, updated, revisions. */
  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(false, 1, 1, 3, 0, 3, 3, 3, "r1", "r1", State.FAILED, "RollingUpdate"),
        Arguments.of(true, 1, 0, 3, 0, 3, 3, 3, "r1", "r1", State.WAITING, "to be observed"),
        Arguments.of(true, 2, 1, 3, 0, 3, 3, 3, "r1", "r1", State.WAITING, "to be observed"),
        Arguments.of(true, 1, 1, 3, 0, 1, 1, 1, "r1", "r1", State.WAITING, "2 pods to be ready"),
        Arguments.of(
            true,
            2,
            2,
            3,
            0,
            3,
            2,
            1,
            "r1",
            "r2",
            State.WAITING,
            "rolling update to complete 1 pods at revision r2"),
        Arguments.of(
            true,
            2,
            2,
            3,
            0,
            3,
            3,
            3,
            "r2",
            "r2",
            State.DONE,
            "rolling update complete 3 pods at revision r2"),
        Arguments.of(
            true,
            2,
            2,
            3,
            2,
            3,
            3,
            0,
            "r1",
            "r2",
            State.WAITING,
            "partitioned roll out to finish: 0 out of 1 new pods have been updated"),
        Arguments.of(
            true,
            2,
            2,
            3,
            2,
            3,
            2,
            1,
            "r1",
            "r2",
            State.DONE,
            "partitioned roll out complete: 1 new pods have been updated"),
        Arguments.of(true, 2, 2, 3, 2, 2, 2, 1, "r1", "r2", State.WAITING, "1 pods to be ready"),
        Arguments.of(true, 1, 1, 0, 0, 0, 0, 0, "r1", "r1", State.DONE, "complete 0 pods"));
  }

  @ParameterizedTest
  @MethodSource("table")
  void theVerdictIsKubectls(
      boolean rolling,
      long generation,
      long observed,
      int replicas,
      int partition,
      int ready,
      int current,
      int updated,
      String currentRevision,
      String updateRevision,
      State expected,
      String message) {
    StatefulSetStatus s =
        new StatefulSetStatus(
            "ns",
            "db",
            generation,
            observed,
            replicas,
            rolling,
            partition,
            replicas,
            ready,
            current,
            updated,
            currentRevision,
            updateRevision);
    assertThat(s.verdict().state()).isEqualTo(expected);
    assertThat(s.verdict().message()).contains(message).contains("statefulset \"ns/db\"");
    assertThat(s.complete()).isEqualTo(expected == State.DONE);
    assertThat(s.describe()).isEqualTo(s.verdict().message());
  }
}
