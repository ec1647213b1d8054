package dev.cloudnative.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineReportException;
import dev.cloudnative.pipeline.PipelineRun;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.StageStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.StepStatus;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ReportFormat} must do; subclasses add the parse-back checks of their format.
 */
abstract class ReportFormatContract {

  protected abstract ReportFormat format();

  /** Parses {@code rendered} with an independent parser and checks it describes {@code run}. */
  protected abstract void assertParsesBackTo(String rendered, RunStatus run) throws Exception;

  @Test
  void parsesBackToTheRun() throws Exception {
    assertParsesBackTo(format().render(SampleRun.run()), SampleRun.run());
  }

  @Test
  void namesEveryStageAndStep() {
    String rendered = format().render(SampleRun.run());
    for (StageStatus stage : SampleRun.run().stages()) {
      assertThat(rendered).contains(stage.name());
      for (StepStatus step : stage.steps()) {
        assertThat(rendered).contains(step.name());
      }
    }
  }

  @Test
  void writeCreatesDirectoriesAndReplacesTheFileAtomically(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a/b/report.out");
    format().write(SampleRun.run(), file);
    format().write(SampleRun.run(), file);
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .isEqualTo(format().render(SampleRun.run()));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void writeFailureIsATypedExceptionNamingTheFile(@TempDir Path dir) throws Exception {
    Path blocker = Files.writeString(dir.resolve("not-a-dir"), "x");
    Path file = blocker.resolve("report.out");
    assertThatThrownBy(() -> format().write(SampleRun.run(), file))
        .isInstanceOfSatisfying(
            PipelineReportException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.pipeline()).isEqualTo("report");
            });
  }

  @Test
  void rendersASnapshotOfARunningRun() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    PipelineRun run =
        LocalPipelineRunner.create()
            .start(
                Pipeline.builder("live")
                    .stage(
                        "slow",
                        s ->
                            s.java(
                                "wait",
                                ctx -> {
                                  started.countDown();
                                  Thread.sleep(10_000);
                                }))
                    .stage("next", s -> s.needs("slow").command("true", "true"))
                    .build());
    try {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      RunStatus live = run.status();
      assertThat(live.status()).isEqualTo(Status.RUNNING);
      assertThat(format().render(live)).contains("slow").contains("next");
    } finally {
      run.cancel();
      run.await();
    }
  }
}
