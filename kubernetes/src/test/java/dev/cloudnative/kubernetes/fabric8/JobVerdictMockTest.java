package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.JobCondition;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.JobStatus;
import dev.cloudnative.kubernetes.JobTimeoutException;
import dev.cloudnative.kubernetes.JobVerdict.State;
import dev.cloudnative.kubernetes.JobVerdictTest;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code JobVerdictTest}'s table through the mock API server: each row's status is written through
 * the status subresource as the Job controller would write it, read back with {@code job(...)}, and
 * waited on with a zero timeout, which returns at once when done and otherwise throws the failure
 * or the timeout with that status.
 */
class JobVerdictMockTest {

  private final MockApiServer api = new MockApiServer();
  private final KubernetesCluster cluster = api.cluster("ns");

  @AfterEach
  void close() {
    cluster.close();
    api.close();
  }

  static Stream<Arguments> table() {
    return JobVerdictTest.table();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void theClusterReadsAndJudgesEveryStatusAsTheTableSays(
      String description,
      List<JobCondition> conditions,
      int active,
      int succeeded,
      int failed,
      State expected,
      String message) {
    cluster.ensureNamespace("ns");
    cluster.apply(JobSpec.named("task").running("busybox:1.36").inNamespace("ns").build());
    Job job = api.client().batch().v1().jobs().inNamespace("ns").withName("task").get();
    JobStatusBuilder b =
        new JobStatusBuilder()
            .withActive(active == 0 ? null : active)
            .withSucceeded(succeeded == 0 ? null : succeeded)
            .withFailed(failed == 0 ? null : failed);
    for (JobCondition c : conditions) {
      b.addToConditions(
          new JobConditionBuilder()
              .withType(c.type())
              .withStatus(c.status())
              .withReason(c.reason().isEmpty() ? null : c.reason())
              .withMessage(c.message().isEmpty() ? null : c.message())
              .build());
    }
    FakeJobController.write(api.client(), job, b.build());

    JobStatus read = cluster.job("ns", "task").orElseThrow();
    assertThat(read).isEqualTo(JobVerdictTest.status(conditions, active, succeeded, failed));
    assertThat(read.verdict().state()).isEqualTo(expected);
    assertThat(read.verdict().message()).contains(message);

    switch (expected) {
      case DONE -> assertThat(cluster.awaitJob("ns", "task", Duration.ZERO)).isEqualTo(read);
      case FAILED ->
          assertThatThrownBy(() -> cluster.awaitJob("ns", "task", Duration.ZERO))
              .isInstanceOfSatisfying(
                  JobTimeoutException.class,
                  e -> {
                    assertThat(e.getMessage()).contains(message).doesNotContain("timed out");
                    assertThat(e.lastStatus()).isEqualTo(read);
                  });
      case WAITING ->
          assertThatThrownBy(() -> cluster.awaitJob("ns", "task", Duration.ZERO))
              .isInstanceOfSatisfying(
                  JobTimeoutException.class,
                  e -> {
                    assertThat(e.getMessage())
                        .contains("timed out after PT0S")
                        .contains("unmet: condition Complete=True");
                    assertThat(e.lastStatus()).isEqualTo(read);
                  });
      default -> throw new IllegalStateException("unknown state " + expected);
    }
  }
}
