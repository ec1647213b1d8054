package dev.cloudnative.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import dev.cloudnative.pipeline.local.LocalRunnerConfig;
import dev.cloudnative.pipeline.report.ReportFormat;
import dev.cloudnative.pipeline.yaml.YamlPipelineReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's pipeline: lint, then test and build in parallel, then deploy, with a finally stage.
 */
class ReadmeExampleTest {

  @Test
  void lintThenTestAndBuildThenDeployWithFinally(@TempDir Path workspace) throws Exception {
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(workspace.resolve("src/add.sh"), "echo $(( $1 + $2 ))\n");

    Pipeline pipeline = releasePipeline();
    assertThat(readmeYaml()).isEqualTo(pipeline);

    RunStatus result =
        LocalPipelineRunner.create(
                LocalRunnerConfig.custom()
                    .workspace(workspace)
                    .cacheDirectory(workspace.resolve(".pipeline-cache"))
                    .build())
            .run(
                pipeline,
                e -> {
                  if (e instanceof PipelineEvent.StepOutput o) {
                    System.out.println("[" + o.stage() + "/" + o.step() + "] " + o.line());
                  }
                });
    System.out.println(ReportFormat.text().render(result));
    Path reports = Path.of("target", "pipeline-reports");
    ReportFormat.json().write(result, reports.resolve("release.json"));
    ReportFormat.junitXml().write(result, reports.resolve("TEST-release.xml"));

    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(result.stages()).extracting(StageStatus::status).containsOnly(Status.SUCCEEDED);
    assertThat(result.step("test", "unit").tail(OutputChannel.STDOUT))
        .containsExactly("1 test passed");
    assertThat(result.step("deploy", "announce").tail(OutputChannel.STDOUT).get(0))
        .matches("release [0-9a-f]{12} is live");
    assertThat(workspace.resolve("site/src/add.sh")).exists();
    assertThat(workspace.resolve("app.tar.gz")).doesNotExist();
    assertThat(reports.resolve("TEST-release.xml")).isNotEmptyFile();
  }

  /**
   * The README's cache figure: the pipeline run with an empty cache, then again with nothing
   * changed (every step that declares a cache CACHED, only the finally stage's {@code rm} runs).
   * Five rounds, each with a fresh workspace and cache directory, after two rounds to warm the JVM;
   * prints every time and the medians. Asserts what a hit must do, not how fast it is.
   */
  @Test
  void aSecondRunWithNothingChangedIsCached(@TempDir Path root) throws Exception {
    Pipeline pipeline = releasePipeline();
    long[] cold = new long[5];
    long[] warm = new long[5];
    long[] finallyStage = new long[5];
    for (int round = -2; round < 5; round++) {
      Path workspace = Files.createDirectories(root.resolve("ws" + round).resolve("src"));
      Files.writeString(workspace.resolve("add.sh"), "echo $(( $1 + $2 ))\n");
      LocalPipelineRunner runner =
          LocalPipelineRunner.create(
              LocalRunnerConfig.custom()
                  .workspace(workspace.getParent())
                  .cacheDirectory(root.resolve("cache" + round))
                  .build());
      long t0 = System.nanoTime();
      RunStatus first = runner.run(pipeline);
      long t1 = System.nanoTime();
      RunStatus second = runner.run(pipeline);
      long t2 = System.nanoTime();

      assertThat(first.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(first.stages())
          .flatExtracting(StageStatus::steps)
          .extracting(StepStatus::status)
          .containsOnly(Status.SUCCEEDED);
      assertThat(second.status()).isEqualTo(Status.SUCCEEDED);
      for (StageStatus stage : second.stages()) {
        for (StepStatus step : stage.steps()) {
          assertThat(step.status())
              .as(stage.name() + "/" + step.name())
              .isEqualTo(step.name().equals("remove-archive") ? Status.SUCCEEDED : Status.CACHED);
        }
      }
      assertThat(second.stage("build").orElseThrow().outputs())
          .isEqualTo(first.stage("build").orElseThrow().outputs());
      assertThat(workspace.getParent().resolve("site/src/add.sh")).exists();
      if (round >= 0) {
        cold[round] = t1 - t0;
        warm[round] = t2 - t1;
        finallyStage[round] = second.stage("cleanup").orElseThrow().duration().toNanos();
      }
      if (round == 4) {
        System.out.println(ReportFormat.text().render(second));
      }
    }
    java.util.Arrays.sort(cold);
    java.util.Arrays.sort(warm);
    java.util.Arrays.sort(finallyStage);
    System.out.printf(
        "README pipeline: first run (empty cache) %s ms, second run (nothing changed) %s ms;"
            + " medians %.1f ms and %.1f ms, second/first %.1f%%; median of the second run's"
            + " finally stage (rm, never cached) %.1f ms%n",
        java.util.Arrays.toString(java.util.Arrays.stream(cold).map(n -> n / 1_000_000).toArray()),
        java.util.Arrays.toString(java.util.Arrays.stream(warm).map(n -> n / 1_000_000).toArray()),
        cold[2] / 1e6,
        warm[2] / 1e6,
        100.0 * warm[2] / cold[2],
        finallyStage[2] / 1e6);
  }

  /** The README's builder snippet. */
  static Pipeline releasePipeline() {
    return Pipeline.builder("release")
        .timeout(Duration.ofMinutes(5))
        .stage(
            "lint",
            s ->
                s.step(
                    Step.command("syntax", "sh", "-n", "src/add.sh")
                        .cache(StepCache.inputs("src/add.sh"))))
        .stage(
            "test",
            s ->
                s.needs("lint")
                    .step(
                        Step.shell(
                                "unit", "[ \"$(sh src/add.sh 2 3)\" = 5 ] && echo '1 test passed'")
                            .retry(RetryPolicy.attempts(2))
                            .cache(StepCache.inputs("src/**"))))
        .stage(
            "build",
            s ->
                s.needs("lint")
                    .step(
                        Step.command("package", "tar", "-czf", "app.tar.gz", "src")
                            .cache(StepCache.inputs("src/**").withOutputs("app.tar.gz")))
                    .step(
                        Step.shell(
                                "digest",
                                "echo digest=$(sha256sum app.tar.gz | cut -c1-12) >>"
                                    + " \"$PIPELINE_OUTPUT\"")
                            .cache(StepCache.inputs("app.tar.gz"))))
        .stage(
            "deploy",
            s ->
                s.needs("test", "build")
                    .step(
                        Step.shell(
                                "unpack",
                                "mkdir -p site && tar -xzf app.tar.gz -C site && echo deployed"
                                    + " \"$1\"",
                                "v1")
                            .cache(StepCache.inputs("app.tar.gz").withOutputs("site")))
                    .step(
                        Step.shell("announce", "echo \"release $OUTPUT_BUILD_DIGEST is live\"")
                            .cache(StepCache.commandOnly().withEnv("OUTPUT_BUILD_DIGEST"))))
        .finallyStage("cleanup", s -> s.command("remove-archive", "rm", "-f", "app.tar.gz"))
        .build();
  }

  /** The YAML block of the module README, which must describe the same pipeline. */
  static Pipeline readmeYaml() throws java.io.IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
    return YamlPipelineReader.read(readme.substring(start, readme.indexOf("```", start)));
  }
}
