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
 * The README's pipeline: compile a Java source, then test and build a jar in parallel, then deploy,
 * with a finally stage.
 */
class ReadmeExampleTest {

  @Test
  void compileThenTestAndBuildThenDeployWithFinally(@TempDir Path workspace) throws Exception {
    writeSource(workspace);

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
    assertThat(workspace.resolve("site/app.jar")).exists();
    assertThat(workspace.resolve("classes/Add.class")).exists();
    assertThat(workspace.resolve("app.jar")).doesNotExist();
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
      Path workspace = writeSource(root.resolve("ws" + round));
      LocalPipelineRunner runner =
          LocalPipelineRunner.create(
              LocalRunnerConfig.custom()
                  .workspace(workspace)
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
      assertThat(workspace.resolve("site/app.jar")).exists();
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

  /** The workspace the README's pipeline builds: one Java source, {@code src/Add.java}. */
  static Path writeSource(Path workspace) throws java.io.IOException {
    Files.createDirectories(workspace.resolve("src"));
    Files.writeString(
        workspace.resolve("src/Add.java"),
        """
        public class Add {
          public static void main(String[] args) {
            System.out.println(Integer.parseInt(args[0]) + Integer.parseInt(args[1]));
          }
        }
        """);
    return workspace;
  }

  /** The README's builder snippet. */
  static Pipeline releasePipeline() {
    return Pipeline.builder("release")
        .timeout(Duration.ofMinutes(5))
        .stage(
            "compile",
            s ->
                s.step(
                    Step.command(
                            "javac",
                            "javac",
                            "-Xlint:all",
                            "-Werror",
                            "-d",
                            "classes",
                            "src/Add.java")
                        .cache(StepCache.inputs("src/**").withOutputs("classes"))))
        .stage(
            "test",
            s ->
                s.needs("compile")
                    .step(
                        Step.shell(
                                "unit",
                                "[ \"$(java -cp classes Add 2 3)\" = 5 ] && echo '1 test passed'")
                            .retry(RetryPolicy.attempts(2))
                            .cache(StepCache.inputs("classes"))))
        .stage(
            "build",
            s ->
                s.needs("compile")
                    .step(
                        Step.command(
                                "package",
                                "jar",
                                "--create",
                                "--file",
                                "app.jar",
                                "-C",
                                "classes",
                                ".")
                            .cache(StepCache.inputs("classes").withOutputs("app.jar")))
                    .step(
                        Step.shell(
                                "digest",
                                "echo digest=$(sha256sum app.jar | cut -c1-12) >>"
                                    + " \"$PIPELINE_OUTPUT\"")
                            .cache(StepCache.inputs("app.jar"))))
        .stage(
            "deploy",
            s ->
                s.needs("test", "build")
                    .step(
                        Step.shell(
                                "unpack",
                                "mkdir -p site && cp app.jar site/ && echo deployed \"$1\"",
                                "v1")
                            .cache(StepCache.inputs("app.jar").withOutputs("site")))
                    .step(
                        Step.shell("announce", "echo \"release $OUTPUT_BUILD_DIGEST is live\"")
                            .cache(StepCache.commandOnly().withEnv("OUTPUT_BUILD_DIGEST"))))
        .finallyStage("cleanup", s -> s.command("remove-archive", "rm", "-f", "app.jar"))
        .build();
  }

  /** The YAML block of the module README, which must describe the same pipeline. */
  static Pipeline readmeYaml() throws java.io.IOException {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
    return YamlPipelineReader.read(readme.substring(start, readme.indexOf("```", start)));
  }
}
