package dev.cloudnative.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.core.CloudNative;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.UnsupportedStepException;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade's default runner runs container steps on the facade's engine out of the box. */
class FacadeContainerStepsTest {
  @TempDir Path context;

  @Test
  void cnPipelinesRunsContainerStepsOnTheFacadesEngine() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY Dockerfile /Dockerfile\n");
    try (CloudNative cn = CloudNative.builder().build()) {
      cn.containers().build(ImageBuild.fromDirectory(context).tag("cn-facade-step:1").build());
      Pipeline p =
          Pipeline.builder("facade")
              .stage(
                  "ct",
                  s ->
                      s.step(
                              Step.container(
                                  "hello",
                                  "cn-facade-step:1",
                                  List.of("/bin/busybox", "echo", "hello from a container")))
                          .command("local", "true"))
              .build();
      List<String> lines = new CopyOnWriteArrayList<>();
      RunStatus run =
          cn.pipelines()
              .run(
                  p,
                  e -> {
                    if (e instanceof PipelineEvent.StepOutput o) {
                      lines.add(o.step() + ": " + o.line());
                    }
                  });
      assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
      assertThat(lines).containsExactly("hello: hello from a container");
      assertThat(
              cn.containers()
                  .list(Map.of(ContainerEngineStepExecutor.RUN_LABEL, run.runId()), true))
          .isEmpty();
    }
  }

  @Test
  void aRunnerWithoutAnExecutorRefusesContainerStepsSayingHowToConfigureOne() {
    Pipeline p =
        Pipeline.builder("refused")
            .stage("ct", s -> s.step(Step.container("c", "busybox:1", List.of("true"))))
            .build();
    try (LocalPipelineRunner runner = LocalPipelineRunner.create()) {
      assertThatThrownBy(() -> runner.start(p))
          .isInstanceOf(UnsupportedStepException.class)
          .hasMessageContaining("'c'")
          .hasMessageContaining("busybox:1")
          .hasMessageContaining("LocalRunnerConfig.custom().containerExecutor(executor)");
    }
  }
}
