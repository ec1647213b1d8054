package dev.cloudnative.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.pipeline.ContainerStepRequest;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.PipelineRun;
import dev.cloudnative.pipeline.RetryPolicy;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the local runner runs container steps through a {@link
 * dev.cloudnative.pipeline.ContainerStepExecutor}: the request it resolves, events and outputs,
 * retries, timeout and cancel stopping the execution, start failures, and the step's meters. The
 * executor here runs each command as a real process ({@link HostProcessExecutor}); core's tests run
 * the same steps as containers on Docker, Podman and the in-memory engine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContainerStepsTest {
  @TempDir Path workspace;
  final HostProcessExecutor executor = new HostProcessExecutor();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  LocalPipelineRunner runner() {
    return LocalPipelineRunner.create(
        LocalRunnerConfig.custom()
            .workspace(workspace)
            .killGracePeriod(Duration.ofSeconds(1))
            .env("RUNNER_VAR", "r")
            .meterRegistry(meters)
            .containerExecutor(executor)
            .build());
  }

  static Step sh(String name, String script) {
    return Step.container(name, "alpine:3", List.of("sh", "-c", script));
  }

  static List<String> lines(List<PipelineEvent> events, String step, OutputChannel channel) {
    return events.stream()
        .filter(
            e ->
                e instanceof PipelineEvent.StepOutput o
                    && o.step().equals(step)
                    && o.channel() == channel)
        .map(e -> ((PipelineEvent.StepOutput) e).line())
        .toList();
  }

  @Test
  void theRunnerHandsTheExecutorAResolvedRequestAndKeepsItsLinesAndOutputs() throws Exception {
    Files.createDirectories(workspace.resolve("sub"));
    Pipeline p =
        Pipeline.builder("ct")
            .env("PIPELINE_VAR", "p")
            .stage(
                "a",
                s ->
                    s.step(
                        sh(
                                "emit",
                                "seq 1 500; echo oops >&2; pwd; "
                                    + "echo \"digest=$STEP_VAR\" >> \"$PIPELINE_OUTPUT\"")
                            .env("STEP_VAR", "d1")
                            .workingDirectory("sub")
                            .timeout(Duration.ofMinutes(5))))
            .stage(
                "b",
                s ->
                    s.needs("a")
                        .step(sh("read", "echo \"container got $OUTPUT_A_DIGEST\""))
                        .step(Step.shell("local", "echo \"command got $OUTPUT_A_DIGEST\"")))
            .build();
    List<PipelineEvent> events = new CopyOnWriteArrayList<>();
    RunStatus run = runner().run(p, events::add);

    assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 1; i <= 500; i++) {
      expected.add(Integer.toString(i));
    }
    expected.add(workspace.resolve("sub").toRealPath().toString());
    assertThat(lines(events, "emit", OutputChannel.STDOUT)).containsExactlyElementsOf(expected);
    assertThat(lines(events, "emit", OutputChannel.STDERR)).containsExactly("oops");
    assertThat(run.step("a", "emit").outputLines()).isEqualTo(502);
    assertThat(run.step("a", "emit").exitCode()).hasValue(0);
    assertThat(lines(events, "read", OutputChannel.STDOUT)).containsExactly("container got d1");
    assertThat(lines(events, "local", OutputChannel.STDOUT)).containsExactly("command got d1");

    ContainerStepRequest emit = executor.requests.get(0);
    assertThat(emit.pipeline()).isEqualTo("ct");
    assertThat(emit.runId()).isEqualTo(run.runId());
    assertThat(emit.stage()).isEqualTo("a");
    assertThat(emit.step()).isEqualTo("emit");
    assertThat(emit.attempt()).isEqualTo(1);
    assertThat(emit.image()).isEqualTo("alpine:3");
    assertThat(emit.workingDirectory()).isEqualTo("/workspace/sub");
    assertThat(emit.workspace()).isEqualTo(workspace);
    assertThat(emit.binds()).containsEntry(workspace, ContainerStepRequest.WORKSPACE);
    assertThat(emit.binds().values()).containsExactly("/workspace", "/pipeline/output");
    assertThat(emit.timeout()).hasValueSatisfying(t -> assertThat(t).isPositive());
    assertThat(emit.env())
        .containsEntry("RUNNER_VAR", "r")
        .containsEntry("PIPELINE_VAR", "p")
        .containsEntry("STEP_VAR", "d1")
        .containsEntry("PIPELINE_STAGE", "a")
        .containsEntry("PIPELINE_ATTEMPT", "1")
        // the JVM's environment describes the host, not the image
        .doesNotContainKeys("PATH", "HOME");
    assertThat(emit.env().get("PIPELINE_OUTPUT")).startsWith("/pipeline/output/");
    assertThat(executor.requests.get(1).timeout()).isEmpty();
    assertThat(executor.executions).allSatisfy(e -> assertThat(e.stopped).isTrue());
    assertThat(
            meters
                .find("pipeline.step.duration")
                .tags("stage", "a", "step", "emit", "outcome", "success")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void failedAttemptsAreRetriedAndEveryAttemptIsStopped() {
    Pipeline p =
        Pipeline.builder("retry")
            .stage("s", s -> s.step(sh("fail", "exit 3").retry(RetryPolicy.attempts(2))))
            .build();
    RunStatus run = runner().run(p);
    assertThat(run.status()).isEqualTo(Status.FAILED);
    assertThat(run.step("s", "fail").attempts()).isEqualTo(2);
    assertThat(run.step("s", "fail").exitCode()).isEqualTo(OptionalInt.of(3));
    assertThat(run.step("s", "fail").message()).hasValue("exit code 3 (after 2 attempts)");
    assertThat(executor.requests).extracting(ContainerStepRequest::attempt).containsExactly(1, 2);
    assertThat(executor.executions).hasSize(2).allSatisfy(e -> assertThat(e.stopped).isTrue());
    assertThat(meters.find("pipeline.step.retries").tag("step", "fail").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aTimeoutStopsTheExecution() {
    Pipeline p =
        Pipeline.builder("slow")
            .stage("s", s -> s.step(sh("sleep", "exec sleep 300").timeout(Duration.ofSeconds(1))))
            .build();
    RunStatus run = runner().run(p);
    assertThat(run.step("s", "sleep").status()).isEqualTo(Status.TIMED_OUT);
    assertThat(run.step("s", "sleep").message().orElseThrow())
        .contains("step timeout PT1S elapsed; container stopped and removed");
    assertThat(executor.executions)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.stopped).isTrue();
              assertThat(e.process.isAlive()).isFalse();
            });
  }

  @Test
  void cancelStopsTheExecution() throws Exception {
    Pipeline p =
        Pipeline.builder("cancel")
            .stage("s", s -> s.step(sh("sleep", "exec sleep 300")))
            .finallyStage("after", s -> s.step(sh("finally", "echo finally ran")))
            .build();
    PipelineRun run = runner().start(p);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (executor.executions.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    run.cancel();
    RunStatus result = run.await(Duration.ofSeconds(30)).orElseThrow();
    assertThat(result.status()).isEqualTo(Status.CANCELLED);
    assertThat(result.step("s", "sleep").status()).isEqualTo(Status.CANCELLED);
    assertThat(result.step("after", "finally").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(executor.executions.get(0).stopped).isTrue();
    assertThat(executor.executions.get(0).process.isAlive()).isFalse();
  }

  @Test
  void anExecutorThatCannotStartFailsTheAttemptWithItsReason() {
    Pipeline p =
        Pipeline.builder("missing")
            .stage(
                "s",
                s ->
                    s.step(Step.container("ghost", "missing", List.of("true")))
                        .step(Step.command("after", "true")))
            .build();
    RunStatus run = runner().run(p);
    assertThat(run.status()).isEqualTo(Status.FAILED);
    assertThat(run.step("s", "ghost").message())
        .hasValue("cannot start a container of image 'missing': no such image: missing");
    assertThat(run.step("s", "after").status()).isEqualTo(Status.SKIPPED);
  }

  @Test
  void aMissingRelativeWorkingDirectoryFailsBeforeAnyContainerStarts() {
    Pipeline p =
        Pipeline.builder("wd")
            .stage("s", s -> s.step(sh("x", "true").workingDirectory("nope")))
            .build();
    RunStatus run = runner().run(p);
    assertThat(run.step("s", "x").status()).isEqualTo(Status.FAILED);
    assertThat(run.step("s", "x").message().orElseThrow())
        .contains("nope")
        .contains("mounted at /workspace/nope")
        .contains("does not exist");
    assertThat(executor.requests).isEmpty();
  }
}
