package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Job behaviour every {@link Cluster} implementation must show. Jobs use three images whose tag
 * says how their container ends, which each subclass arranges in its own way (the simulation is
 * told exit codes, a pod runtime's containers exit by themselves, a fake controller writes the
 * statuses on the mock): {@link #OK} exits 0, {@link #FAIL} exits 1, {@link #ENDLESS} never exits.
 */
public abstract class JobContractTest {

  protected static final String NS = "jobs";
  protected static final String OK = "registry.local/task:ok";
  protected static final String FAIL = "registry.local/task:fail";
  protected static final String ENDLESS = "registry.local/task:endless";

  /** Generous: a real wait on a loaded machine; the simulation's is simulated time. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  protected Cluster cluster;

  /** A fresh cluster whose default namespace is {@link #NS}. */
  protected abstract Cluster newCluster();

  /**
   * Makes Job {@code name} run (on a real or simulated cluster this happens by itself; on the CRUD
   * mock a test thread plays the Job controller).
   */
  protected abstract AutoCloseable playJobController(String namespace, String name);

  /** True when deleting a Job removes its pods (the mock has no garbage collector). */
  protected abstract boolean collectsGarbage();

  @BeforeEach
  void setUpCluster() {
    cluster = newCluster();
    cluster.ensureNamespace(NS);
  }

  @AfterEach
  void tearDownCluster() {
    cluster.close();
  }

  protected static JobSpec.Builder task(String name, String image) {
    return JobSpec.named(name).running(image).inNamespace(NS).withLabel("team", "data");
  }

  @Test
  void aJobRunsToCompletionAndItsPodsAreListedByJobName() throws Exception {
    cluster.apply(SecretSpec.of("db", Map.of("password", "s3cret")).inNamespace(NS));
    JobStatus applied =
        cluster.apply(
            task("migrate", OK)
                .withCompletions(2)
                .withParallelism(1)
                .withEnv("MODE", "batch")
                .withEnvFromSecret("PASSWORD", "db", "password")
                .withResources(ResourceRequirements.requests("100m", "64Mi"))
                .build());
    assertThat(applied.name()).isEqualTo("migrate");
    assertThat(applied.completions()).isEqualTo(2);
    assertThat(applied.complete()).isFalse();

    JobStatus done;
    try (AutoCloseable controller = playJobController(NS, "migrate")) {
      done = cluster.awaitJob(NS, "migrate", WAIT);
    }
    assertThat(done.complete()).isTrue();
    assertThat(done.verdict().state()).isEqualTo(JobVerdict.State.DONE);
    assertThat(done.succeeded()).isEqualTo(2);
    assertThat(done.startTime()).isPresent();
    assertThat(done.completionTime()).isPresent();
    assertThat(done.condition(JobCondition.COMPLETE)).get().matches(JobCondition::isTrue);
    assertThat(cluster.job(NS, "migrate")).contains(done);

    List<PodInfo> pods = cluster.pods(NS, Map.of(JobSpec.LEGACY_JOB_NAME_LABEL, "migrate"));
    assertThat(pods).hasSize(2);
    assertThat(pods)
        .allSatisfy(
            p -> {
              assertThat(p.phase()).isEqualTo(PodPhase.SUCCEEDED);
              assertThat(p.ownerKind()).isEqualTo("Job");
              assertThat(p.ownerName()).isEqualTo("migrate");
              assertThat(p.labels())
                  .containsEntry(JobSpec.JOB_NAME_LABEL, "migrate")
                  .containsEntry("team", "data");
            });
    assertThat(cluster.pods(NS, Map.of(JobSpec.JOB_NAME_LABEL, "migrate"))).hasSize(2);
  }

  @Test
  void aJobWhosePodsKeepFailingFailsWithBackoffLimitExceeded() throws Exception {
    cluster.apply(task("flaky", FAIL).withBackoffLimit(1).build());
    try (AutoCloseable controller = playJobController(NS, "flaky")) {
      assertThatThrownBy(() -> cluster.awaitJob(NS, "flaky", WAIT))
          .isInstanceOfSatisfying(
              JobTimeoutException.class,
              e -> {
                assertThat(e.kind()).isEqualTo("Job");
                assertThat(e.name()).isEqualTo("flaky");
                assertThat(e.getMessage()).contains("BackoffLimitExceeded").contains("failed 2");
                assertThat(e.lastStatus().failed()).isEqualTo(2);
                assertThat(e.lastStatus().verdict().failed()).isTrue();
                assertThat(e.lastStatus().condition(JobCondition.FAILED))
                    .get()
                    .extracting(JobCondition::reason)
                    .isEqualTo(JobCondition.BACKOFF_LIMIT_EXCEEDED);
              });
    }
    assertThat(cluster.job(NS, "flaky").orElseThrow().complete()).isFalse();
  }

  @Test
  void aJobActiveLongerThanItsDeadlineFailsWithDeadlineExceeded() throws Exception {
    cluster.apply(task("slow", ENDLESS).withActiveDeadline(Duration.ofSeconds(2)).build());
    try (AutoCloseable controller = playJobController(NS, "slow")) {
      assertThatThrownBy(() -> cluster.awaitJob(NS, "slow", WAIT))
          .isInstanceOfSatisfying(
              JobTimeoutException.class,
              e -> {
                assertThat(e.getMessage()).contains("DeadlineExceeded");
                assertThat(e.lastStatus().condition(JobCondition.FAILED))
                    .get()
                    .extracting(JobCondition::reason)
                    .isEqualTo(JobCondition.DEADLINE_EXCEEDED);
                assertThat(e.lastStatus().active()).isZero();
              });
    }
  }

  @Test
  void aWaitThatTimesOutReportsTheLastStatusAndTheUnmetRule() throws Exception {
    cluster.apply(task("forever", ENDLESS).build());
    try (AutoCloseable controller = playJobController(NS, "forever")) {
      assertThatThrownBy(() -> cluster.awaitJob(NS, "forever", Duration.ofSeconds(2)))
          .isInstanceOfSatisfying(
              JobTimeoutException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains("timed out after PT2S")
                    .contains("unmet: condition Complete=True")
                    .contains("job \"" + NS + "/forever\"");
                assertThat(e.lastStatus().verdict().state()).isEqualTo(JobVerdict.State.WAITING);
                assertThat(e.lastStatus().name()).isEqualTo("forever");
              });
    }
  }

  @Test
  void anAbsentJobIsEmptyAndWaitingOnItThrowsNotFound() {
    assertThat(cluster.job(NS, "ghost")).isEmpty();
    assertThatThrownBy(() -> cluster.awaitJob(NS, "ghost", Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            KubernetesNotFoundException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("Job");
              assertThat(e.name()).isEqualTo("ghost");
            });
    assertThatThrownBy(() -> cluster.delete(ResourceKind.JOB, NS, "ghost", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
  }

  @Test
  void deletingAJobRemovesItAndWithBackgroundOrForegroundItsPods() throws Exception {
    cluster.apply(task("once", OK).build());
    cluster.apply(task("twice", OK).build());
    try (AutoCloseable a = playJobController(NS, "once");
        AutoCloseable b = playJobController(NS, "twice")) {
      cluster.awaitJob(NS, "once", WAIT);
      cluster.awaitJob(NS, "twice", WAIT);
    }
    cluster.delete(ResourceKind.JOB, NS, "once", Propagation.BACKGROUND);
    cluster.delete(ResourceKind.JOB, NS, "twice", Propagation.FOREGROUND);
    assertThat(cluster.job(NS, "once")).isEmpty();
    assertThat(cluster.job(NS, "twice")).isEmpty();
    if (collectsGarbage()) {
      assertThat(cluster.pods(NS, Map.of(JobSpec.JOB_NAME_LABEL, "once"))).isEmpty();
      assertThat(cluster.pods(NS, Map.of(JobSpec.JOB_NAME_LABEL, "twice"))).isEmpty();
    }
  }

  @Test
  void reapplyingTheSameJobKeepsIt() {
    JobSpec spec = task("same", ENDLESS).withBackoffLimit(2).build();
    cluster.apply(spec);
    JobStatus again = cluster.apply(spec);
    assertThat(again.backoffLimit()).isEqualTo(2);
    assertThat(cluster.job(NS, "same")).get().extracting(JobStatus::name).isEqualTo("same");
  }

  @Test
  void specsWithoutNamespaceLandInTheDefaultNamespace() {
    cluster.apply(JobSpec.named("here").running(ENDLESS).build());
    assertThat(cluster.job(null, "here")).isPresent();
    assertThat(cluster.job(cluster.defaultNamespace(), "here")).isPresent();
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> cluster.apply((JobSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
    assertThatThrownBy(() -> cluster.awaitJob(NS, "x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> cluster.awaitJob(NS, "x", Duration.ofSeconds(-1)))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> cluster.job(NS, "Bad_Name"))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("DNS-1123")
        .hasMessageContaining("Bad_Name");
    assertThatThrownBy(() -> cluster.job("Bad_NS", "x"))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("Bad_NS");
  }

  @Test
  void everyCallAfterCloseThrowsIllegalState() {
    cluster.close();
    assertThatThrownBy(() -> cluster.apply(task("late", OK).build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
    assertThatThrownBy(() -> cluster.job(NS, "late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
    assertThatThrownBy(() -> cluster.awaitJob(NS, "late", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
  }
}
