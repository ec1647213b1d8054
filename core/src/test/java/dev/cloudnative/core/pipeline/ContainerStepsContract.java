package dev.cloudnative.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.core.testing.ShopImage;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.PipelineListener;
import dev.cloudnative.pipeline.PipelineRun;
import dev.cloudnative.pipeline.RetryPolicy;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.StepCache;
import dev.cloudnative.pipeline.StepStatus;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import dev.cloudnative.pipeline.local.LocalRunnerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container steps of the local runner on a {@link ContainerEngine} through {@link
 * ContainerEngineStepExecutor}: exit codes, lines in order on both streams, env and working
 * directory, the workspace mounted read-write, retries, timeout and cancel stopping the container,
 * and no container left after any of them. Subclasses give the engine; the image is {@code FROM
 * scratch} with busybox (the real static binary on real engines, the engine's model in memory).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class ContainerStepsContract {
  static final String IMAGE = "cn-pipeline-busybox:1";

  @TempDir Path workspace;
  @TempDir Path context;
  ContainerEngine engine;
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
    runner =
        LocalPipelineRunner.create(
            LocalRunnerConfig.custom()
                .workspace(workspace)
                .killGracePeriod(Duration.ofSeconds(1))
                .env("RUNNER_VAR", "from the runner")
                .containerExecutor(ContainerEngineStepExecutor.on(engine))
                .build());
  }

  @AfterEach
  void tearDown() {
    if (runner != null) {
      runner.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  static Step busybox(String name, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("/bin/busybox"));
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

  static StepStatus step(RunStatus run, String stage, String step) {
    return run.step(stage, step);
  }

  void assertNoContainerLeft(String runId) {
    assertThat(engine.list(Map.of(ContainerEngineStepExecutor.RUN_LABEL, runId), true))
        .as("containers of run " + runId)
        .isEmpty();
  }

  @Test
  void exitCodesLinesInOrderEnvWorkingDirectoryAndTheWorkspaceMounted() throws IOException {
    Files.createDirectories(workspace.resolve("sub"));
    Pipeline p =
        Pipeline.builder("ct")
            .env("PIPELINE_VAR", "from the pipeline")
            .stage(
                "build",
                s ->
                    s.step(busybox("seq", "seq", "1", "2000"))
                        .step(busybox("env", "env").env("STEP_VAR", "from the step"))
                        .step(busybox("pwd", "pwd").workingDirectory("sub"))
                        .step(busybox("touch", "touch", "/workspace/sub/made-by-container"))
                        .step(Step.container("default", IMAGE, List.of()))
                        .step(busybox("missing", "cat", "/no/such/file").continueOnError())
                        .step(busybox("false", "false").continueOnError()))
            .build();
    Recorder events = new Recorder();
    RunStatus run = runner.run(p, events);

    assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
    assertThat(events.lines("seq"))
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 2000).mapToObj(Integer::toString).toList());
    assertThat(step(run, "build", "seq").exitCode()).hasValue(0);
    assertThat(events.lines("env"))
        .contains(
            "PIPELINE_VAR=from the pipeline",
            "STEP_VAR=from the step",
            "RUNNER_VAR=from the runner",
            "PIPELINE_NAME=ct",
            "PIPELINE_STAGE=build",
            "PIPELINE_STEP=env",
            "PIPELINE_ATTEMPT=1",
            "PIPELINE_RUN_ID=" + run.runId());
    // the JVM's own environment describes the host, not the image: none of it is passed; the
    // engines add a few defaults of their own (Docker PATH and HOSTNAME, Podman TERM, container)
    assertThat(events.lines("env"))
        .extracting(line -> line.substring(0, line.indexOf('=')))
        .allSatisfy(
            key ->
                assertThat(key)
                    .satisfiesAnyOf(
                        k -> assertThat(k).startsWith("PIPELINE_"),
                        k -> assertThat(k).endsWith("_VAR"),
                        k -> assertThat(k).isIn("PATH", "HOME", "HOSTNAME", "TERM", "container")));
    assertThat(events.lines("pwd")).containsExactly("/workspace/sub");
    assertThat(workspace.resolve("sub/made-by-container")).exists();
    assertThat(events.lines("default")).containsExactly("the image's own command");
    assertThat(events.output("missing"))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.channel()).isEqualTo(OutputChannel.STDERR);
              assertThat(o.line()).contains("/no/such/file");
            });
    assertThat(step(run, "build", "missing").status()).isEqualTo(Status.FAILED);
    assertThat(step(run, "build", "missing").exitCode()).hasValue(1);
    assertThat(step(run, "build", "false").exitCode()).hasValue(1);
    assertThat(step(run, "build", "false").message()).hasValue("exit code 1");
    assertNoContainerLeft(run.runId());
  }

  @Test
  void failedAttemptsAreRetriedEachInAContainerOfItsOwn() {
    Pipeline p =
        Pipeline.builder("retry")
            .stage("s", s -> s.step(busybox("false", "false").retry(RetryPolicy.attempts(3))))
            .build();
    Recorder events = new Recorder();
    RunStatus run = runner.run(p, events);
    assertThat(run.status()).isEqualTo(Status.FAILED);
    assertThat(step(run, "s", "false").attempts()).isEqualTo(3);
    assertThat(events.events)
        .filteredOn(e -> e instanceof PipelineEvent.StepFinished)
        .extracting(e -> ((PipelineEvent.StepFinished) e).exitCode())
        .containsExactly(
            java.util.OptionalInt.of(1), java.util.OptionalInt.of(1), java.util.OptionalInt.of(1));
    assertNoContainerLeft(run.runId());
  }

  @Test
  void aStepTimeoutStopsAndRemovesTheContainer() {
    Pipeline p =
        Pipeline.builder("slow")
            .stage(
                "s", s -> s.step(busybox("sleep", "sleep", "300").timeout(Duration.ofSeconds(2))))
            .build();
    long t0 = System.nanoTime();
    RunStatus run = runner.run(p);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(run.status()).isEqualTo(Status.FAILED);
    StepStatus sleep = step(run, "s", "sleep");
    assertThat(sleep.status()).isEqualTo(Status.TIMED_OUT);
    assertThat(sleep.message().orElseThrow()).contains("container stopped and removed");
    assertThat(took).isLessThan(Duration.ofSeconds(120));
    assertNoContainerLeft(run.runId());
  }

  @Test
  void cancelStopsAndRemovesTheRunningContainer() throws Exception {
    Pipeline p =
        Pipeline.builder("cancel")
            .stage("s", s -> s.step(busybox("sleep", "sleep", "300")))
            .build();
    PipelineRun run = runner.start(p);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (engine.list(Map.of(ContainerEngineStepExecutor.RUN_LABEL, run.runId()), false).isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(engine.list(Map.of(ContainerEngineStepExecutor.RUN_LABEL, run.runId()), false))
        .as("the step's running container")
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.labels())
                    .containsEntry(ContainerEngineStepExecutor.PIPELINE_LABEL, "cancel")
                    .containsEntry(ContainerEngineStepExecutor.STAGE_LABEL, "s")
                    .containsEntry(ContainerEngineStepExecutor.STEP_LABEL, "sleep")
                    .containsEntry(ContainerEngineStepExecutor.ATTEMPT_LABEL, "1"));
    run.cancel();
    RunStatus result = run.await(Duration.ofSeconds(120)).orElseThrow();
    assertThat(result.status()).isEqualTo(Status.CANCELLED);
    assertThat(step(result, "s", "sleep").status()).isEqualTo(Status.CANCELLED);
    assertNoContainerLeft(run.runId());
  }

  @Test
  void anImageThatCannotBeFoundOrPulledFailsTheAttemptWithTheReason() {
    Pipeline p =
        Pipeline.builder("missing")
            .stage(
                "s",
                s -> s.step(Step.container("ghost", "127.0.0.1:1/never/built:1", List.of("x"))))
            .build();
    RunStatus run = runner.run(p);
    assertThat(run.status()).isEqualTo(Status.FAILED);
    assertThat(step(run, "s", "ghost").message().orElseThrow())
        .contains("cannot start a container of image '127.0.0.1:1/never/built:1'")
        .contains("cannot be pulled");
    assertNoContainerLeft(run.runId());
  }

  @Test
  void artifactsOfANeededStageAreMountedAtPipelineArtifacts() throws IOException {
    Files.writeString(workspace.resolve("notes.txt"), "v1\n");
    Pipeline p =
        Pipeline.builder("artifacts")
            .stage(
                "build",
                s ->
                    s.step(busybox("make", "touch", "/workspace/made-in-container"))
                        .artifacts("made-in-container", "notes.txt"))
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
                                "made",
                                "test",
                                "-f",
                                "/pipeline/artifacts/build/made-in-container"))
                        .step(busybox("env", "env")))
            .build();
    Recorder events = new Recorder();
    RunStatus run = runner.run(p, events);

    assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
    assertThat(events.lines("read")).containsExactly("v1");
    assertThat(step(run, "deploy", "made").exitCode()).hasValue(0);
    assertThat(events.lines("env")).contains("PIPELINE_ARTIFACTS=/pipeline/artifacts");
    assertThat(workspace.resolve("notes.txt")).doesNotExist();
    assertNoContainerLeft(run.runId());
  }

  @Test
  void aCachedContainerStepMissesWhenItsTagMovesToAnotherImage(@TempDir Path cache)
      throws IOException {
    Pipeline p =
        Pipeline.builder("cached")
            .stage(
                "s",
                s ->
                    s.step(
                        busybox("stamp", "touch", "/workspace/stamp")
                            .cache(StepCache.commandOnly().withOutputs("stamp"))))
            .build();
    ContainerEngineStepExecutor executor = ContainerEngineStepExecutor.on(engine);
    String id = executor.imageDigest(IMAGE).orElseThrow();
    assertThat(id).isEqualTo(engine.inspectImage(IMAGE).id());
    try (LocalPipelineRunner cached =
        LocalPipelineRunner.create(
            LocalRunnerConfig.custom()
                .workspace(workspace)
                .cacheDirectory(cache)
                .containerExecutor(executor)
                .build())) {
      assertThat(step(cached.run(p), "s", "stamp").status()).isEqualTo(Status.SUCCEEDED);
      Files.delete(workspace.resolve("stamp"));
      assertThat(step(cached.run(p), "s", "stamp").status()).isEqualTo(Status.CACHED);
      assertThat(workspace.resolve("stamp")).exists();

      // the same tag, another image
      Files.writeString(context.resolve("marker"), "another busybox image\n");
      engine.build(ImageBuild.fromDirectory(context).tag(IMAGE).build());
      assertThat(executor.imageDigest(IMAGE)).isPresent().get().isNotEqualTo(id);
      RunStatus moved = cached.run(p);
      assertThat(step(moved, "s", "stamp").status()).isEqualTo(Status.SUCCEEDED);
      assertThat(step(cached.run(p), "s", "stamp").status()).isEqualTo(Status.CACHED);
      assertNoContainerLeft(moved.runId());
    }
  }
}
