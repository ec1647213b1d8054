package dev.cloudnative.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.report.ReportFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-run of what failed: the failed and skipped stages and their dependents run, the stages that
 * succeeded are REUSED with their outputs, from the in-memory run or its JSON report read back.
 */
class RerunFailedTest {

  @TempDir Path workspace;

  private LocalPipelineRunner runner() {
    return LocalPipelineRunner.create(
        LocalRunnerConfig.custom()
            .workspace(workspace)
            .killGracePeriod(Duration.ofSeconds(1))
            .build());
  }

  /** a -> b (fails until the file "fixed" exists) -> c; d -> e; finally f. */
  private static Pipeline pipeline() {
    return Pipeline.builder("rerun")
        .continueOnFailure()
        .stage(
            "a",
            s ->
                s.shell("make", "echo a >> runs.log; echo v=42 >> \"$PIPELINE_OUTPUT\"; echo made"))
        .stage(
            "b",
            s ->
                s.needs("a")
                    .shell("check", "echo b >> runs.log; [ -f fixed ] && [ \"$OUTPUT_A_V\" = 42 ]"))
        .stage("c", s -> s.needs("b").shell("after", "echo c >> runs.log"))
        .stage("d", s -> s.shell("other", "echo d >> runs.log"))
        .stage("e", s -> s.needs("d").shell("other-after", "echo e >> runs.log"))
        .finallyStage("f", s -> s.shell("cleanup", "echo f >> runs.log"))
        .build();
  }

  private List<String> runsAndClear() throws Exception {
    List<String> lines = Files.readAllLines(workspace.resolve("runs.log"));
    Files.delete(workspace.resolve("runs.log"));
    return lines.stream().sorted().toList();
  }

  private void assertRerun(RunStatus second, String previousId, List<PipelineEvent> events)
      throws Exception {
    assertThat(second.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(second.stage("a").orElseThrow().status()).isEqualTo(Status.REUSED);
    assertThat(second.stage("a").orElseThrow().outputs()).containsEntry("v", "42");
    assertThat(second.step("a", "make").status()).isEqualTo(Status.REUSED);
    assertThat(second.step("a", "make").message()).hasValue("reused from run " + previousId);
    assertThat(second.step("a", "make").tail(OutputChannel.STDOUT)).containsExactly("made");
    assertThat(second.stage("b").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    assertThat(second.stage("c").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    assertThat(second.stage("d").orElseThrow().status()).isEqualTo(Status.REUSED);
    assertThat(second.stage("e").orElseThrow().status()).isEqualTo(Status.REUSED);
    assertThat(second.stage("f").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    // only b, c and the finally stage ran
    assertThat(runsAndClear()).containsExactly("b", "c", "f");
    assertThat(events)
        .filteredOn(e -> e instanceof PipelineEvent.StageFinished)
        .extracting(e -> ((PipelineEvent.StageFinished) e).stage().name())
        .containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f");
    assertThat(ReportFormat.text().render(second)).contains("REUSED");
  }

  @Test
  void rerunsFailedAndSkippedStagesAndTheirDependentsOnly() throws Exception {
    LocalPipelineRunner runner = runner();
    RunStatus first = runner.run(pipeline());
    assertThat(first.status()).isEqualTo(Status.FAILED);
    assertThat(first.stage("b").orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(first.stage("c").orElseThrow().status()).isEqualTo(Status.SKIPPED);
    assertThat(runsAndClear()).containsExactly("a", "b", "d", "e", "f");

    Files.writeString(workspace.resolve("fixed"), "");
    List<PipelineEvent> events = new CopyOnWriteArrayList<>();
    RunStatus second = runner.rerunFailed(pipeline(), first, events::add).await();
    assertRerun(second, first.runId(), events);

    // a re-run of a successful run runs only its finally stages
    RunStatus third = runner.rerunFailed(pipeline(), second).await();
    assertThat(third.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(third.stages())
        .filteredOn(s -> !s.finallyStage())
        .allSatisfy(s -> assertThat(s.status()).isEqualTo(Status.REUSED));
    assertThat(runsAndClear()).containsExactly("f");
  }

  @Test
  void rerunsFromAJsonReportReadBack() throws Exception {
    LocalPipelineRunner runner = runner();
    RunStatus first = runner.run(pipeline());
    runsAndClear();
    Path report = workspace.resolve("reports/rerun.json");
    ReportFormat.json().write(first, report);
    RunStatus readBack = ReportFormat.readJson(report);
    assertThat(readBack.runId()).isEqualTo(first.runId());
    assertThat(readBack.stage("a").orElseThrow().outputs()).containsEntry("v", "42");

    Files.writeString(workspace.resolve("fixed"), "");
    List<PipelineEvent> events = new CopyOnWriteArrayList<>();
    assertRerun(
        runner.rerunFailed(pipeline(), readBack, events::add).await(), first.runId(), events);
  }

  @Test
  void onlyARunOfTheSamePipelineCanBeRerun() {
    LocalPipelineRunner runner = runner();
    RunStatus other =
        runner.run(Pipeline.builder("other").stage("x", s -> s.command("t", "true")).build());
    assertThatThrownBy(() -> runner.rerunFailed(pipeline(), other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is a run of pipeline 'other', not of 'rerun'");
  }
}
