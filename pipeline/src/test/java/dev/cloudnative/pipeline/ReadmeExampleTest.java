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
        LocalPipelineRunner.create(LocalRunnerConfig.custom().workspace(workspace).build())
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

  /** The README's builder snippet. */
  static Pipeline releasePipeline() {
    return Pipeline.builder("release")
        .timeout(Duration.ofMinutes(5))
        .stage("lint", s -> s.command("syntax", "sh", "-n", "src/add.sh"))
        .stage(
            "test",
            s ->
                s.needs("lint")
                    .step(
                        Step.shell(
                                "unit", "[ \"$(sh src/add.sh 2 3)\" = 5 ] && echo '1 test passed'")
                            .retry(RetryPolicy.attempts(2))))
        .stage(
            "build",
            s ->
                s.needs("lint")
                    .command("package", "tar", "-czf", "app.tar.gz", "src")
                    .shell(
                        "digest",
                        "echo digest=$(sha256sum app.tar.gz | cut -c1-12) >> \"$PIPELINE_OUTPUT\""))
        .stage(
            "deploy",
            s ->
                s.needs("test", "build")
                    .shell(
                        "unpack",
                        "mkdir -p site && tar -xzf app.tar.gz -C site && echo deployed \"$1\"",
                        "v1")
                    .shell("announce", "echo \"release $OUTPUT_BUILD_DIGEST is live\""))
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
