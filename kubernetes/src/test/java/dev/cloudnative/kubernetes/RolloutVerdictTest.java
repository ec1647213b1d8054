package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.RolloutVerdict.State;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link RolloutStatus#verdict()} against kubectl's rule, row by row. Each expected verdict and
 * message was written from {@code DeploymentStatusViewer.Status} in kubernetes/kubectl {@code
 * pkg/polymorphichelpers/rollout_status.go}: once {@code generation <= observedGeneration}, the
 * first {@code Progressing} condition with reason {@code ProgressDeadlineExceeded} is an error,
 * then {@code updatedReplicas < spec.replicas}, {@code status.replicas > updatedReplicas} and
 * {@code availableReplicas < updatedReplicas} are waits, otherwise done; before that, "Waiting for
 * deployment spec update to be observed". {@code unavailableReplicas} is never read. The messages
 * are kubectl's lines for each branch, with the deployment named as {@code "namespace/name"}.
 */
class RolloutVerdictTest {

  private static final RolloutCondition AVAILABLE =
      new RolloutCondition("Available", "True", "MinimumReplicasAvailable", "");
  private static final RolloutCondition DEADLINE =
      new RolloutCondition(
          "Progressing", "False", "ProgressDeadlineExceeded", "ReplicaSet has timed out");
  private static final RolloutCondition NEW_RS_AVAILABLE =
      new RolloutCondition("Progressing", "True", "NewReplicaSetAvailable", "");

  /** generation, observed, spec, status.replicas, updated, available, unavailable, conditions. */
  private static RolloutStatus status(
      long generation,
      long observed,
      int spec,
      int total,
      int updated,
      int available,
      int unavailable,
      RolloutCondition... conditions) {
    return new RolloutStatus(
        "ns",
        "web",
        generation,
        observed,
        spec,
        total,
        updated,
        available,
        available,
        unavailable,
        List.of(conditions));
  }

  private static final String WAIT = "Waiting for deployment \"ns/web\" rollout to finish: ";
  private static final String DONE = "deployment \"ns/web\" successfully rolled out";

  static Stream<Arguments> kubectlTable() {
    return Stream.of(
        Arguments.of(
            "observedGeneration behind, counters complete",
            status(3, 2, 3, 3, 3, 3, 0),
            State.WAITING,
            "Waiting for deployment \"ns/web\" spec update to be observed (generation 3,"
                + " observed 2)"),
        Arguments.of(
            "observedGeneration behind: a stale deadline condition is not read yet",
            status(3, 2, 3, 3, 1, 0, 3, DEADLINE),
            State.WAITING,
            "Waiting for deployment \"ns/web\" spec update to be observed (generation 3,"
                + " observed 2)"),
        Arguments.of(
            "progress deadline alongside complete counters: the condition comes first",
            status(3, 3, 3, 3, 3, 3, 0, AVAILABLE, DEADLINE),
            State.FAILED,
            "deployment \"ns/web\" exceeded its progress deadline"),
        Arguments.of(
            "progress deadline while updating",
            status(3, 3, 3, 4, 1, 3, 0, DEADLINE),
            State.FAILED,
            "deployment \"ns/web\" exceeded its progress deadline"),
        Arguments.of(
            "only the first Progressing condition counts",
            status(3, 3, 3, 3, 3, 3, 0, NEW_RS_AVAILABLE, DEADLINE),
            State.DONE,
            DONE),
        Arguments.of(
            "surge pod created, not all updated",
            status(3, 3, 3, 4, 1, 3, 0),
            State.WAITING,
            WAIT + "1 out of 3 new replicas have been updated"),
        Arguments.of(
            "all updated, old replicas still counted",
            status(3, 3, 3, 4, 3, 4, 0),
            State.WAITING,
            WAIT + "1 old replicas are pending termination"),
        Arguments.of(
            "all updated, one not yet available",
            status(3, 3, 3, 3, 3, 2, 1),
            State.WAITING,
            WAIT + "2 of 3 updated replicas are available"),
        Arguments.of(
            "scale-down in progress: the new ReplicaSet still counts 3 pods for 1 desired",
            status(4, 4, 1, 3, 3, 3, 0),
            State.DONE,
            DONE),
        Arguments.of(
            "scale-down with an old ReplicaSet left",
            status(4, 4, 2, 4, 2, 4, 0),
            State.WAITING,
            WAIT + "2 old replicas are pending termination"),
        Arguments.of(
            "scale to 0 with pods still counted", status(5, 5, 0, 2, 2, 2, 0), State.DONE, DONE),
        Arguments.of("scale to 0, settled", status(5, 5, 0, 0, 0, 0, 0), State.DONE, DONE),
        Arguments.of(
            "stale unavailableReplicas is ignored",
            status(2, 2, 3, 3, 3, 3, 2, AVAILABLE),
            State.DONE,
            DONE),
        Arguments.of(
            "more updated than desired, one unavailable",
            status(2, 2, 3, 4, 4, 3, 0),
            State.WAITING,
            WAIT + "3 of 4 updated replicas are available"),
        Arguments.of(
            "observedGeneration ahead counts as observed",
            status(2, 3, 3, 3, 3, 3, 0),
            State.DONE,
            DONE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kubectlTable")
  void verdictIsKubectls(String row, RolloutStatus status, State state, String message) {
    RolloutVerdict verdict = status.verdict();
    assertThat(verdict.state()).as(row).isEqualTo(state);
    assertThat(verdict.message()).as(row).isEqualTo(message);
    // complete() and describe() are views of the same verdict and can never disagree.
    assertThat(status.complete()).as(row).isEqualTo(state == State.DONE);
    assertThat(status.describe()).as(row).isEqualTo(message);
  }
}
