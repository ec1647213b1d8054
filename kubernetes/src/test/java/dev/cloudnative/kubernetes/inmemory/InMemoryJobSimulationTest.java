package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.JobCondition;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.JobStatus;
import dev.cloudnative.kubernetes.JobTimeoutException;
import dev.cloudnative.kubernetes.JobVerdict;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.LogOptions;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated Job controller step by step: pods created up to the parallelism, exits as the test
 * sets them, retries up to the backoff limit (new pods with {@code Never}, container restarts with
 * {@code OnFailure}), the active deadline on the simulated clock, the TTL after finishing, and the
 * immutable pod template.
 */
class InMemoryJobSimulationTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final InMemoryCluster cluster = InMemoryCluster.builder().meterRegistry(meters).build();

  @AfterEach
  void close() {
    cluster.close();
  }

  private List<PodInfo> podsOf(String job) {
    return cluster.pods("default", Map.of(JobSpec.JOB_NAME_LABEL, job));
  }

  private JobStatus status(String job) {
    return cluster.job("default", job).orElseThrow();
  }

  @Test
  void podsRunUpToTheParallelismUntilTheCompletionsSucceed() {
    cluster.jobExit("task:1", 0, 2);
    cluster.apply(
        JobSpec.named("batch").running("task:1").withCompletions(3).withParallelism(2).build());
    cluster.step(); // the controller creates two pods
    assertThat(podsOf("batch")).hasSize(2).allMatch(p -> p.phase() == PodPhase.PENDING);
    assertThat(status("batch").active()).isEqualTo(2);
    assertThat(status("batch").startTime()).contains(cluster.now());

    JobStatus done = cluster.awaitJob("default", "batch", Duration.ofMinutes(1));
    assertThat(done.succeeded()).isEqualTo(3);
    assertThat(done.failed()).isZero();
    assertThat(done.active()).isZero();
    assertThat(podsOf("batch")).hasSize(3).allMatch(p -> p.phase() == PodPhase.SUCCEEDED);
    assertThat(done.completionTime()).isPresent();
    assertThat(done.condition(JobCondition.COMPLETE).orElseThrow().reason())
        .isEqualTo("CompletionsReached");
    String pod = podsOf("batch").get(0).name();
    assertThat(cluster.logs("default", pod, LogOptions.all()))
        .contains("exited with code 0")
        .contains("started from image task:1");
  }

  @Test
  void withRestartPolicyNeverEachFailureIsANewPodUntilTheBackoffLimit() {
    cluster.jobExit("task:bad", 2, 1);
    cluster.apply(JobSpec.named("bad").running("task:bad").withBackoffLimit(2).build());
    assertThatThrownBy(() -> cluster.awaitJob("default", "bad", Duration.ofMinutes(1)))
        .isInstanceOf(JobTimeoutException.class)
        .hasMessageContaining("BackoffLimitExceeded");
    JobStatus s = status("bad");
    assertThat(s.failed()).isEqualTo(3);
    assertThat(s.active()).isZero();
    assertThat(podsOf("bad"))
        .hasSize(3)
        .allSatisfy(
            p -> {
              assertThat(p.phase()).isEqualTo(PodPhase.FAILED);
              assertThat(p.reason()).isEqualTo("Error");
            });
    int pods = podsOf("bad").size();
    cluster.step(10); // a failed Job runs no more pods
    assertThat(podsOf("bad")).hasSize(pods);
  }

  @Test
  void withRestartPolicyOnFailureRestartsCountTowardTheBackoffLimit() {
    cluster.jobExit("task:bad", 1, 1);
    cluster.apply(
        JobSpec.named("again")
            .running("task:bad")
            .restartPolicy(JobSpec.RestartPolicy.ON_FAILURE)
            .withBackoffLimit(2)
            .build());
    assertThatThrownBy(() -> cluster.awaitJob("default", "again", Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(
            JobTimeoutException.class,
            e ->
                assertThat(e.lastStatus().condition(JobCondition.FAILED).orElseThrow().reason())
                    .isEqualTo(JobCondition.BACKOFF_LIMIT_EXCEEDED));
    // one pod only, restarted in place, then removed when the Job failed
    assertThat(podsOf("again")).isEmpty();
  }

  @Test
  void theActiveDeadlineIsMeasuredOnTheSimulatedClock() {
    cluster.jobExit("task:slow", 0, 1_000);
    cluster.apply(
        JobSpec.named("slow")
            .running("task:slow")
            .withActiveDeadline(Duration.ofSeconds(5))
            .build());
    cluster.step(); // started at this step's time
    var started = status("slow").startTime().orElseThrow();
    cluster.step(4);
    assertThat(status("slow").verdict().state()).isEqualTo(JobVerdict.State.WAITING);
    cluster.step(); // 5 simulated seconds after the start
    JobStatus s = status("slow");
    assertThat(Duration.between(started, cluster.now())).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.verdict().failed()).isTrue();
    assertThat(s.condition(JobCondition.FAILED).orElseThrow().reason())
        .isEqualTo(JobCondition.DEADLINE_EXCEEDED);
    assertThat(s.failed()).isEqualTo(1); // the active pod, terminated
    assertThat(s.active()).isZero();
    assertThat(podsOf("slow")).isEmpty();
  }

  @Test
  void aFinishedJobIsDeletedWithItsPodsOnceItsTtlPassed() {
    cluster.apply(
        JobSpec.named("short")
            .running("task:1")
            .withTtlAfterFinished(Duration.ofSeconds(10))
            .build());
    cluster.awaitJob("default", "short", Duration.ofMinutes(1));
    assertThat(podsOf("short")).hasSize(1);
    cluster.step(9);
    assertThat(cluster.job("default", "short")).isPresent();
    cluster.step(2);
    assertThat(cluster.job("default", "short")).isEmpty();
    assertThat(podsOf("short")).isEmpty();
  }

  @Test
  void thePodTemplateIsImmutableButLimitsMayChange() {
    JobSpec spec = JobSpec.named("fixed").running("task:1").withBackoffLimit(1).build();
    cluster.apply(spec);
    assertThat(cluster.apply(spec.toBuilder().withBackoffLimit(4).build()).backoffLimit())
        .isEqualTo(4);
    assertThatThrownBy(() -> cluster.apply(spec.toBuilder().running("task:2").build()))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("spec.template")
        .hasMessageContaining("immutable");
    assertThat(status("fixed").backoffLimit()).isEqualTo(4);
  }

  @Test
  void anOrphaningDeleteKeepsThePodsWithoutTheirOwner() {
    cluster.apply(JobSpec.named("left").running("task:1").build());
    cluster.awaitJob("default", "left", Duration.ofMinutes(1));
    cluster.delete(ResourceKind.JOB, "default", "left", Propagation.ORPHAN);
    assertThat(cluster.job("default", "left")).isEmpty();
    assertThat(podsOf("left")).singleElement().satisfies(p -> assertThat(p.ownerName()).isEmpty());
  }

  @Test
  void deletingTheNamespaceDeletesItsJobs() {
    cluster.ensureNamespace("tmp");
    cluster.apply(JobSpec.named("gone").running("task:1").inNamespace("tmp").build());
    cluster.deleteNamespace("tmp");
    cluster.ensureNamespace("tmp");
    assertThat(cluster.job("tmp", "gone")).isEmpty();
  }

  @Test
  void jobCallsAreTimedWithKindJobAndTheirOutcome() {
    cluster.jobExit("task:bad", 1, 1);
    cluster.apply(JobSpec.named("ok").running("task:1").build());
    cluster.apply(JobSpec.named("bad").running("task:bad").withBackoffLimit(0).build());
    cluster.apply(JobSpec.named("slow").running("task:slow").build());
    cluster.jobExit("task:slow", 0, 1_000);
    cluster.job("default", "ok");
    cluster.awaitJob("default", "ok", Duration.ofMinutes(1));
    assertThatThrownBy(() -> cluster.awaitJob("default", "bad", Duration.ofMinutes(1)))
        .isInstanceOf(JobTimeoutException.class);
    assertThatThrownBy(() -> cluster.awaitJob("default", "slow", Duration.ofSeconds(3)))
        .isInstanceOf(JobTimeoutException.class);
    cluster.delete(ResourceKind.JOB, "default", "ok", Propagation.BACKGROUND);

    assertThat(count("apply", "success")).isEqualTo(3);
    assertThat(count("get", "success")).isEqualTo(1);
    assertThat(count("await", "success")).isEqualTo(1);
    assertThat(count("await", "job_failed")).isEqualTo(1);
    assertThat(count("await", "job_timeout")).isEqualTo(1);
    assertThat(count("delete", "success")).isEqualTo(1);
  }

  private long count(String operation, String outcome) {
    return meters
        .get("kubernetes.operation.duration")
        .tags("operation", operation, "kind", "job", "backend", "in_memory", "outcome", outcome)
        .timer()
        .count();
  }

  @Test
  void simulationControlsRejectBadValues() {
    assertThatThrownBy(() -> cluster.jobExit("task:1", -1, 1))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("exitCode");
    assertThatThrownBy(() -> cluster.jobExit("task:1", 0, -1))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("afterSteps");
    assertThatThrownBy(() -> cluster.jobExit(" ", 0, 1))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("image");
  }
}
