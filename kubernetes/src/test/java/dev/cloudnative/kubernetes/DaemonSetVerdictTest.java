package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.RolloutVerdict.State;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DaemonSetStatus#verdict()} row by row against {@code DaemonSetStatusViewer.Status} in
 * kubernetes/kubectl {@code pkg/polymorphichelpers/rollout_status.go}: OnDelete is an error; then
 * the generation must be observed; then {@code updatedNumberScheduled < desiredNumberScheduled}
 * waits, then {@code numberAvailable < desiredNumberScheduled} waits; otherwise done.
 */
class DaemonSetVerdictTest {

  /** rolling, generation, observed, desired, current, updated, ready, available, verdict. */
  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(false, 1, 1, 3, 3, 3, 3, 3, State.FAILED, "RollingUpdate strategy type"),
        Arguments.of(true, 2, 1, 3, 3, 3, 3, 3, State.WAITING, "spec update to be observed"),
        Arguments.of(true, 1, 0, 0, 0, 0, 0, 0, State.WAITING, "spec update to be observed"),
        Arguments.of(
            true, 2, 2, 3, 3, 1, 3, 3, State.WAITING, "1 out of 3 new pods have been updated"),
        Arguments.of(true, 2, 2, 3, 3, 3, 2, 2, State.WAITING, "2 of 3 updated pods are available"),
        // kubectl never reads numberReady: available alone decides
        Arguments.of(true, 2, 2, 3, 3, 3, 0, 3, State.DONE, "successfully rolled out"),
        // an observed generation ahead of metadata.generation counts as observed (kubectl's <=)
        Arguments.of(true, 1, 2, 2, 2, 2, 2, 2, State.DONE, "successfully rolled out"),
        // no node wants the daemon pod: done once observed
        Arguments.of(true, 1, 1, 0, 0, 0, 0, 0, State.DONE, "successfully rolled out"));
  }

  @ParameterizedTest
  @MethodSource("table")
  void theVerdictIsKubectls(
      boolean rolling,
      long generation,
      long observed,
      int desired,
      int current,
      int updated,
      int ready,
      int available,
      State expected,
      String message) {
    DaemonSetStatus s =
        new DaemonSetStatus(
            "ns",
            "agent",
            generation,
            observed,
            rolling,
            desired,
            current,
            updated,
            ready,
            available);
    assertThat(s.verdict().state()).isEqualTo(expected);
    assertThat(s.verdict().message()).contains(message).contains("daemon set \"ns/agent\"");
    assertThat(s.complete()).isEqualTo(expected == State.DONE);
    assertThat(s.describe()).isEqualTo(s.verdict().message());
    assertThat(s.kind()).isEqualTo("DaemonSet");
  }
}
