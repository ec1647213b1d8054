package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.JobVerdict.State;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link JobStatus#verdict()} row by row, against the rule of {@code kubectl wait
 * --for=condition=Complete} and Pulumi's Job await: {@code Failed=True} fails (with its reason),
 * {@code Complete=True} is done, anything else waits, whatever the counters say. The same table is
 * driven through the fabric8 mock ({@code fabric8.JobVerdictMockTest}), where the statuses are
 * written as a Job controller would write them and read back through the cluster.
 */
public class JobVerdictTest {

  /** A row: description, conditions, active, succeeded, failed, expected state and message. */
  public static Stream<Arguments> table() {
    JobCondition complete =
        new JobCondition("Complete", "True", "CompletionsReached", "Reached expected number");
    JobCondition backoff =
        new JobCondition(
            "Failed",
            "True",
            "BackoffLimitExceeded",
            "Job has reached the specified backoff limit");
    JobCondition deadline =
        new JobCondition(
            "Failed", "True", "DeadlineExceeded", "Job was active longer than specified deadline");
    String waiting = "Waiting for job \"ns/task\" to complete: condition Complete=True not yet set";
    return Stream.of(
        Arguments.of(
            "fresh", List.of(), 0, 0, 0, State.WAITING, waiting + " (0 of 1 succeeded, 0 active,"),
        Arguments.of("running", List.of(), 1, 0, 0, State.WAITING, "1 active, 0 failed"),
        Arguments.of(
            "counters complete, no condition yet",
            List.of(),
            0,
            1,
            0,
            State.WAITING,
            "1 of 1 succeeded"),
        Arguments.of(
            "retrying after a failure", List.of(), 1, 0, 1, State.WAITING, "1 active, 1 failed"),
        Arguments.of(
            "complete", List.of(complete), 0, 1, 0, State.DONE, "job \"ns/task\" completed"),
        Arguments.of(
            "complete after failures",
            List.of(complete),
            0,
            1,
            2,
            State.DONE,
            "job \"ns/task\" completed"),
        Arguments.of(
            "Complete=False",
            List.of(new JobCondition("Complete", "False", "", "")),
            1,
            0,
            0,
            State.WAITING,
            waiting),
        Arguments.of(
            "backoff limit exceeded",
            List.of(backoff),
            0,
            0,
            7,
            State.FAILED,
            "job \"ns/task\" failed: BackoffLimitExceeded (Job has reached the specified backoff"
                + " limit)"),
        Arguments.of(
            "deadline exceeded",
            List.of(deadline),
            0,
            0,
            1,
            State.FAILED,
            "job \"ns/task\" failed: DeadlineExceeded (Job was active longer than specified"
                + " deadline)"),
        Arguments.of(
            "Failed=False",
            List.of(new JobCondition("Failed", "False", "", "")),
            1,
            0,
            0,
            State.WAITING,
            waiting),
        Arguments.of(
            "failure target only (pods still terminating)",
            List.of(new JobCondition("FailureTarget", "True", "BackoffLimitExceeded", "")),
            1,
            0,
            7,
            State.WAITING,
            waiting),
        Arguments.of(
            "success criteria met only (pods still terminating)",
            List.of(new JobCondition("SuccessCriteriaMet", "True", "CompletionsReached", "")),
            1,
            1,
            0,
            State.WAITING,
            waiting),
        Arguments.of(
            "suspended",
            List.of(new JobCondition("Suspended", "True", "JobSuspended", "Job suspended")),
            0,
            0,
            0,
            State.WAITING,
            waiting));
  }

  /** The row as a status of Job {@code ns/task}: one completion, backoffLimit 6. */
  public static JobStatus status(
      List<JobCondition> conditions, int active, int succeeded, int failed) {
    return new JobStatus(
        "ns",
        "task",
        1,
        1,
        6,
        active,
        succeeded,
        failed,
        Optional.empty(),
        Optional.empty(),
        conditions);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void theVerdictFollowsTheConditions(
      String description,
      List<JobCondition> conditions,
      int active,
      int succeeded,
      int failed,
      State expected,
      String message) {
    JobStatus s = status(conditions, active, succeeded, failed);
    JobVerdict v = s.verdict();
    assertThat(v.state()).isEqualTo(expected);
    assertThat(v.message()).contains(message);
    assertThat(s.complete()).isEqualTo(expected == State.DONE);
    assertThat(s.describe()).isEqualTo(v.message());
    assertThat(v.done()).isEqualTo(expected == State.DONE);
    assertThat(v.failed()).isEqualTo(expected == State.FAILED);
  }
}
