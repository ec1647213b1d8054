package dev.cloudnative.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.core.runtime.ContainerPodRuntime;
import dev.cloudnative.core.testing.ShopImage;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.PipelineListener;
import dev.cloudnative.pipeline.PipelineRun;
import dev.cloudnative.pipeline.RetryPolicy;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import dev.cloudnative.pipeline.local.LocalRunnerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container steps run as Jobs of the embedded cluster through {@link ClusterJobStepExecutor}, its
 * pods containers of a {@link ContainerEngine} through {@link ContainerPodRuntime}: exit codes from
 * the pod, the log followed in order, env through a per-attempt Secret, working directory and
 * workspace as hostPath volumes, retries, timeout and cancel deleting the Job, and no Job, pod,
 * Secret or container left after any of them. Subclasses give the engine.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
abstract class JobStepsContract {
  static final String IMAGE = "cn-job-busybox:1";
  static final String NS = "ci";

  @TempDir Path workspace;
  @TempDir Path context;
  ContainerEngine engine;
  InMemoryCluster cluster;
  LocalPipelineRunner runner;

  /** A fresh engine session, closed after each test. */
  protected abstract ContainerEngine engine();

  /** Whether the image must carry the real busybox (real engines). */
  protected abstract boolean realBinaries();

  @BeforeEach
  void setUp() throws IOException {
    engine = engine();
    StringBuilder dockerfile = new StringBuilder("FROM scratch\nCOPY marker /marker\n");
    Files.writeString(context.resolve("marker"), "busybox image\n");
    if (realBinaries()) {
      Files.copy(
          ShopImage.BUSYBOX, context.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
      dockerfile.append("COPY busybox /bin/busybox\n");
    }
    dockerfile.append("CMD [\"/bin/busybox\", \"echo\", \"the image's own command\"]\n");
    Files.writeString(context.resolve("Dockerfile"), dockerfile.toString());
    engine.build(ImageBuild.fromDirectory(context).tag(IMAGE).build());
    cluster =
        InMemoryCluster.builder()
            .runtime(ContainerPodRuntime.on(engine))
            .terminationGracePeriod(Duration.ofSeconds(1))
            .build();
    cluster.ensureNamespace(NS);
    runner =
        LocalPipelineRunner.create(
            LocalRunnerConfig.custom()
                .workspace(workspace)
                .killGracePeriod(Duration.ofSeconds(1))
                .env("RUNNER_VAR", "from the runner")
                .containerExecutor(
                    ClusterJobStepExecutor.on(
                        cluster,
                        NS,
                        JobStepConfig.custom().pollInterval(Duration.ofMillis(20)).build()))
                .build());
  }

  @AfterEach
  void tearDown() {
    if (runner != null) {
      runner.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  static Step busybox(String name, String... args) {
    List<String> command = new ArrayList<>(List.of("/bin/busybox"));
    command.addAll(List.of(args));
    return Step.container(name, IMAGE, command);
  }

  /** Records every event; thread-safe. */
  static final class Recorder implements PipelineListener {
    final List<PipelineEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(PipelineEvent event) {
      events.add(event);
    }

    List<PipelineEvent.StepOutput> output(String step) {
      return events.stream()
          .filter(e -> e instanceof PipelineEvent.StepOutput o && o.step().equals(step))
          .map(e -> (PipelineEvent.StepOutput) e)
          .toList();
    }

    List<String> lines(String step) {
      return output(step).stream().map(PipelineEvent.StepOutput::line).toList();
    }
  }

  static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
      Thread.sleep(20);
    }
  }

  /** No Job, pod or Secret of the run in the cluster, and (soon) no container on the engine. */
  void assertNothingLeft(String runId) throws InterruptedException {
    assertThat(cluster.pods(NS, Map.of(ContainerEngineStepExecutor.RUN_LABEL, runId)))
        .as("pods of run " + runId)
        .isEmpty();
    // a deleted pod's container is removed by the kubelet's worker, right after the deletion
    await(
        "the containers of run " + runId + " to be removed",
        Duration.ofSeconds(60),
        () -> engine.list(Map.of(ContainerEngineStepExecutor.RUN_LABEL, runId), true).isEmpty());
    assertThat(cluster.namespaces()).contains(NS);
  }

  void assertNoJobNorSecret(String job) {
    assertThat(cluster.job(NS, job)).as("job " + job).isEmpty();
    assertThat(cluster.secret(NS, job + "-env")).as("secret of job " + job).isEmpty();
  }

  @Test
  void exitCodesLinesInOrderEnvFromTheSecretWorkingDirectoryAndTheWorkspace() throws Exception {
    Files.createDirectories(workspace.resolve("sub"));
    Pipeline p =
        Pipeline.builder("jobs")
            .env("PIPELINE_VAR", "from the pipeline")
            .stage(
                "build",
                s ->
                    s.step(busybox("seq", "seq", "1", "500"))
                        .step(busybox("env", "env").env("TOKEN", "s3cr3t value"))
                        .step(busybox("pwd", "pwd").workingDirectory("sub"))
                        .step(busybox("touch", "touch", "/workspace/sub/made-by-a-job"))
                        .step(Step.container("default", IMAGE, List.of()))
                        .step(busybox("false", "false").continueOnError()))
            .build();
    Recorder events = new Recorder();
    RunStatus run = runner.run(p, events);

    assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
    assertThat(events.lines("seq"))
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 500).mapToObj(Integer::toString).toList());
    assertThat(events.output("seq")).allMatch(o -> o.channel() == OutputChannel.STDOUT);
    assertThat(run.step("build", "seq").exitCode()).hasValue(0);
    assertThat(events.lines("env"))
        .contains(
            "PIPELINE_VAR=from the pipeline",
            "TOKEN=s3cr3t value",
            "RUNNER_VAR=from the runner",
            "PIPELINE_NAME=jobs",
            "PIPELINE_STAGE=build",
            "PIPELINE_STEP=env",
            "PIPELINE_ATTEMPT=1",
            "PIPELINE_RUN_ID=" + run.runId());
    assertThat(events.lines("pwd")).containsExactly("/workspace/sub");
    assertThat(workspace.resolve("sub/made-by-a-job")).exists();
    assertThat(events.lines("default")).containsExactly("the image's own command");
    assertThat(run.step("build", "false").exitCode()).hasValue(1);
    assertThat(run.step("build", "false").message()).hasValue("exit code 1");
    assertNothingLeft(run.runId());
    for (String step : List.of("seq", "env", "pwd", "false")) {
      assertNoJobNorSecret(jobOf(run, "build", step, 1));
    }
  }

  static String jobOf(RunStatus run, String stage, String step, int attempt) {
    return ClusterJobStepExecutor.jobName(
        new dev.cloudnative.pipeline.ContainerStepRequest(
            run.pipeline(),
            run.runId(),
            stage,
            step,
            attempt,
            IMAGE,
            List.of(),
            Map.of(),
            "/",
            Map.of(),
            java.util.Optional.empty()));
  }

  @Test
  void failedAttemptsAreRetriedEachAsAJobOfItsOwn() throws Exception {
    Pipeline p =
        Pipeline.builder("retry")
            .stage("s", s -> s.step(busybox("false", "false").retry(RetryPolicy.attempts(2))))
            .build();
    Recorder events = new Recorder();
    RunStatus run = runner.run(p, events);
    assertThat(run.status()).isEqualTo(Status.FAILED);
    assertThat(run.step("s", "false").attempts()).isEqualTo(2);
    assertThat(events.events)
        .filteredOn(e -> e instanceof PipelineEvent.StepFinished)
        .extracting(e -> ((PipelineEvent.StepFinished) e).exitCode())
        .containsExactly(OptionalInt.of(1), OptionalInt.of(1));
    assertThat(jobOf(run, "s", "false", 1)).isNotEqualTo(jobOf(run, "s", "false", 2));
    assertNothingLeft(run.runId());
  }

  @Test
  void aStepTimeoutDeletesTheJobItsPodAndItsSecret() throws Exception {
    Pipeline p =
        Pipeline.builder("slow")
            .stage(
                "s",
                s ->
                    s.step(
                        busybox("sleep", "sleep", "300")
                            .env("TOKEN", "t")
                            .timeout(Duration.ofSeconds(3))))
            .build();
    long t0 = System.nanoTime();
    RunStatus run = runner.run(p);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(run.status()).isEqualTo(Status.FAILED);
    assertThat(run.step("s", "sleep").status()).isEqualTo(Status.TIMED_OUT);
    assertThat(took).isLessThan(Duration.ofSeconds(120));
    assertNoJobNorSecret(jobOf(run, "s", "sleep", 1));
    assertNothingLeft(run.runId());
  }

  @Test
  void cancelDeletesTheRunningJobAndItsPod() throws Exception {
    Pipeline p =
        Pipeline.builder("cancel")
            .stage("s", s -> s.step(busybox("sleep", "sleep", "300").env("TOKEN", "t")))
            .build();
    PipelineRun run = runner.start(p);
    await(
        "the step's pod to run",
        Duration.ofSeconds(60),
        () ->
            !cluster
                .pods(NS, Map.of(ContainerEngineStepExecutor.RUN_LABEL, run.runId()))
                .isEmpty());
    assertThat(cluster.pods(NS, Map.of(ContainerEngineStepExecutor.RUN_LABEL, run.runId())))
        .singleElement()
        .satisfies(
            pod -> {
              assertThat(pod.ownerKind()).isEqualTo("Job");
              assertThat(pod.labels())
                  .containsEntry(ContainerEngineStepExecutor.PIPELINE_LABEL, "cancel")
                  .containsEntry(ContainerEngineStepExecutor.STAGE_LABEL, "s")
                  .containsEntry(ContainerEngineStepExecutor.STEP_LABEL, "sleep")
                  .containsEntry(ContainerEngineStepExecutor.ATTEMPT_LABEL, "1")
                  .containsEntry(JobSpec.LEGACY_JOB_NAME_LABEL, pod.ownerName());
            });
    String job =
        cluster
            .pods(NS, Map.of(ContainerEngineStepExecutor.RUN_LABEL, run.runId()))
            .get(0)
            .ownerName();
    // the values are in the attempt's Secret; the runner's own variables are literals in the Job
    assertThat(cluster.secret(NS, job + "-env").orElseThrow())
        .containsEntry("TOKEN", "t")
        .containsEntry("RUNNER_VAR", "from the runner")
        .doesNotContainKeys("PIPELINE_RUN_ID", "PIPELINE_STEP");
    run.cancel();
    RunStatus result = run.await(Duration.ofSeconds(120)).orElseThrow();
    assertThat(result.status()).isEqualTo(Status.CANCELLED);
    assertThat(result.step("s", "sleep").status()).isEqualTo(Status.CANCELLED);
    assertNoJobNorSecret(job);
    assertNothingLeft(run.runId());
  }

  @Test
  void anImageThatCannotBePulledFailsTheAttemptWithTheKubeletsReason() throws Exception {
    Pipeline p =
        Pipeline.builder("missing")
            .stage(
                "s",
                s -> s.step(Step.container("ghost", "127.0.0.1:1/never/built:1", List.of("x"))))
            .build();
    RunStatus run = runner.run(p);
    assertThat(run.status()).isEqualTo(Status.FAILED);
    assertThat(run.step("s", "ghost").message().orElseThrow()).contains("ErrImagePull");
    assertNoJobNorSecret(jobOf(run, "s", "ghost", 1));
    assertNothingLeft(run.runId());
  }

  @Test
  void artifactsOfANeededStageAreMountedAtPipelineArtifacts() throws Exception {
    Files.writeString(workspace.resolve("notes.txt"), "v1\n");
    Pipeline p =
        Pipeline.builder("artifacts")
            .stage(
                "build",
                s ->
                    s.step(busybox("make", "touch", "/workspace/made-in-a-job"))
                        .artifacts("made-in-a-job", "notes.txt"))
            // the workspace copy goes away: the next stage reads the one handed to it
            .stage(
                "clean",
                s ->
                    s.needs("build")
                        .java("remove", ctx -> Files.delete(workspace.resolve("notes.txt"))))
            .stage(
                "deploy",
                s ->
                    s.needs("clean")
                        .step(busybox("read", "cat", "/pipeline/artifacts/build/notes.txt"))
                        .step(
                            busybox(
                                "made", "test", "-f", "/pipeline/artifacts/build/made-in-a-job")))
            .build();
    Recorder events = new Recorder();
    RunStatus run = runner.run(p, events);

    assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
    assertThat(events.lines("read")).containsExactly("v1");
    assertThat(run.step("deploy", "made").exitCode()).hasValue(0);
    assertThat(workspace.resolve("notes.txt")).doesNotExist();
    assertNothingLeft(run.runId());
  }
}
