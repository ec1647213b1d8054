package dev.cloudnative.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.pipeline.ContainerStepRequest;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Stage;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.yaml.YamlPipelineReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifacts between stages: what a stage declares is copied aside when it succeeds and handed to
 * every stage that needs it, directly or through others, at {@code
 * $PIPELINE_ARTIFACTS/<stage>/<path>}, for process steps and container steps (the directory mounted
 * at {@code /pipeline/artifacts}); a declared artifact that matches nothing fails the producing
 * stage. Container steps run through {@link HostProcessExecutor}; core's tests run them on Docker,
 * Podman and the in-memory engine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ArtifactsTest {
  @TempDir Path workspace;

  LocalPipelineRunner runner(HostProcessExecutor executor) {
    return LocalPipelineRunner.create(
        LocalRunnerConfig.custom().workspace(workspace).containerExecutor(executor).build());
  }

  static String stdout(RunStatus run, String stage, String step) {
    return String.join("\n", run.step(stage, step).tail(OutputChannel.STDOUT));
  }

  @Test
  void aNeedingStageGetsTheArtifactsAsTheyWereWhenTheProducerEnded() throws Exception {
    Pipeline pipeline =
        Pipeline.builder("artifacts")
            .stage(
                "build",
                s ->
                    s.shell(
                            "make",
                            "mkdir -p dist reports && echo v1 > dist/app.txt"
                                + " && echo '<testsuite/>' > reports/a.xml"
                                + " && echo '<testsuite/>' > reports/b.xml && echo tmp > scratch")
                        .artifacts("dist/app.txt", "reports/*.xml"))
            // changes the workspace copy after build ended, and runs before deploy
            .stage("mutate", s -> s.needs("build").shell("edit", "echo v2 > dist/app.txt"))
            .stage(
                "deploy",
                s ->
                    s.needs("mutate")
                        .shell(
                            "read",
                            "cat \"$PIPELINE_ARTIFACTS/build/dist/app.txt\";"
                                + " cd \"$PIPELINE_ARTIFACTS\" && find . -type f | sort"))
            .stage(
                "unrelated", s -> s.shell("look", "echo \"artifacts=${PIPELINE_ARTIFACTS:-none}\""))
            .build();

    RunStatus run = runner(new HostProcessExecutor()).run(pipeline);

    assertThat(run.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(stdout(run, "deploy", "read"))
        .isEqualTo("v1\n./build/dist/app.txt\n./build/reports/a.xml\n./build/reports/b.xml");
    assertThat(Files.readString(workspace.resolve("dist/app.txt"))).isEqualTo("v2\n");
    // a stage that does not need build is handed nothing
    assertThat(stdout(run, "unrelated", "look")).isEqualTo("artifacts=none");
  }

  @Test
  void containerStepsFindTheArtifactsUnderPipelineArtifacts() throws Exception {
    HostProcessExecutor executor = new HostProcessExecutor();
    Pipeline pipeline =
        Pipeline.builder("artifacts")
            .stage(
                "build",
                s ->
                    s.step(
                            Step.container(
                                "make",
                                "alpine:3",
                                List.of("sh", "-c", "mkdir -p dist && echo v1 > dist/app.txt")))
                        .artifacts("dist"))
            .stage(
                "deploy",
                s ->
                    s.needs("build")
                        .step(
                            Step.container(
                                "read",
                                "alpine:3",
                                List.of(
                                    "sh", "-c", "cat \"$PIPELINE_ARTIFACTS/build/dist/app.txt\""))))
            .build();

    RunStatus run = runner(executor).run(pipeline);

    assertThat(run.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(stdout(run, "deploy", "read")).isEqualTo("v1");
    ContainerStepRequest make = executor.requests.get(0);
    ContainerStepRequest read = executor.requests.get(1);
    assertThat(make.binds()).doesNotContainValue(ContainerStepRequest.ARTIFACTS_DIRECTORY);
    assertThat(make.env()).doesNotContainKey("PIPELINE_ARTIFACTS");
    assertThat(read.binds()).containsValue(ContainerStepRequest.ARTIFACTS_DIRECTORY);
    assertThat(read.env()).containsEntry("PIPELINE_ARTIFACTS", "/pipeline/artifacts");
  }

  @Test
  void artifactsReachStagesThatNeedTheProducerThroughOthersAndFinallyStages() {
    Pipeline pipeline =
        Pipeline.builder("artifacts")
            .stage("a", s -> s.shell("make", "echo from-a > a.txt").artifacts("a.txt"))
            .stage("b", s -> s.needs("a").shell("make", "echo from-b > b.txt").artifacts("b.txt"))
            .stage(
                "c",
                s ->
                    s.needs("b")
                        .shell(
                            "read",
                            "cat \"$PIPELINE_ARTIFACTS/a/a.txt\" \"$PIPELINE_ARTIFACTS/b/b.txt\""))
            .finallyStage("report", s -> s.shell("read", "cat \"$PIPELINE_ARTIFACTS/a/a.txt\""))
            .build();

    RunStatus run = runner(new HostProcessExecutor()).run(pipeline);

    assertThat(run.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(stdout(run, "c", "read")).isEqualTo("from-a\nfrom-b");
    assertThat(stdout(run, "report", "read")).isEqualTo("from-a");
  }

  @Test
  void aDeclaredArtifactThatMatchesNothingFailsTheProducingStage() {
    Pipeline pipeline =
        Pipeline.builder("artifacts")
            .stage(
                "build",
                s -> s.shell("make", "echo v1 > app.txt").artifacts("app.txt", "target/*.jar"))
            .stage("deploy", s -> s.needs("build").shell("use", "true"))
            .build();

    RunStatus run = runner(new HostProcessExecutor()).run(pipeline);

    assertThat(run.status()).isEqualTo(Status.FAILED);
    assertThat(run.stage("build").orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(run.stage("build").orElseThrow().message().orElseThrow())
        .isEqualTo(
            "artifact 'target/*.jar' of stage 'build' matches no file in the workspace "
                + workspace.toAbsolutePath());
    assertThat(run.step("build", "make").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(run.stage("deploy").orElseThrow().status()).isEqualTo(Status.SKIPPED);
  }

  @Test
  void aReRunHandsTheArtifactsOfAReusedStageFromTheWorkspace() throws Exception {
    Pipeline pipeline =
        Pipeline.builder("artifacts")
            .stage("build", s -> s.shell("make", "echo v1 > app.txt").artifacts("app.txt"))
            .stage(
                "deploy",
                s ->
                    s.needs("build")
                        .shell(
                            "read",
                            "[ -f go ] || exit 1; cat \"$PIPELINE_ARTIFACTS/build/app.txt\""))
            .build();
    LocalPipelineRunner runner = runner(new HostProcessExecutor());
    RunStatus first = runner.run(pipeline);
    assertThat(first.stage("deploy").orElseThrow().status()).isEqualTo(Status.FAILED);

    Files.writeString(workspace.resolve("go"), "");
    RunStatus again = runner.rerunFailed(pipeline, first).await();

    assertThat(again.stage("build").orElseThrow().status()).isEqualTo(Status.REUSED);
    assertThat(again.stage("deploy").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    assertThat(stdout(again, "deploy", "read")).isEqualTo("v1");
  }

  @Test
  void theYamlFormDeclaresTheSameArtifactsAndBadPathsAreRefusedWhenBuilt() {
    Pipeline builder =
        Pipeline.builder("artifacts")
            .stage("build", s -> s.shell("make", "make").artifacts("dist/**", "app.txt"))
            .build();
    Pipeline yaml =
        YamlPipelineReader.read(
            "name: artifacts\n"
                + "stages:\n"
                + "  build:\n"
                + "    artifacts: ['dist/**', app.txt]\n"
                + "    steps:\n"
                + "      - {name: make, run: make}\n");
    assertThat(yaml).isEqualTo(builder);
    assertThat(yaml.stages().get(0).artifacts()).containsExactly("dist/**", "app.txt");

    assertThatThrownBy(() -> Stage.builder("build").shell("make", "make").artifacts("/etc").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "artifact of stage 'build' '/etc' is absolute; allowed: a path or glob relative to"
                + " the workspace, inside it, such as 'src/**' or 'target/app.jar'");
    assertThatThrownBy(
            () -> Stage.builder("build").shell("make", "make").artifacts("../up").build())
        .hasMessageStartingWith("artifact of stage 'build' '../up' has a '..' segment");
    assertThatThrownBy(
            () ->
                YamlPipelineReader.read(
                    "name: artifacts\n"
                        + "stages:\n"
                        + "  build:\n"
                        + "    artifacts: ['dist/[']\n"
                        + "    steps:\n"
                        + "      - {name: make, run: make}\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "stages.build: artifact of stage 'build' 'dist/[' is not a valid glob");
  }
}
