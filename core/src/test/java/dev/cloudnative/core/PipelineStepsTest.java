package dev.cloudnative.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.inmemory.InMemoryDaemon;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's CI/CD flow without shelling out: build, push, deploy, scale, wait and run a container
 * as pipeline steps that call the modules, on the embedded backends (an in-memory daemon whose
 * {@code echo} and {@code false} programs stand in for the image's binaries, and a modelled
 * registry).
 */
class PipelineStepsTest {

  private final CloudNative cn =
      CloudNative.builder()
          .containers(
              InMemoryDaemon.builder()
                  .program(
                      "echo",
                      ctx -> {
                        ctx.out(String.join(" ", ctx.args().subList(1, ctx.args().size())));
                        return 0;
                      })
                  .program(
                      "false",
                      ctx -> {
                        ctx.err("failing on purpose");
                        return 3;
                      })
                  .registry("registry.test:5000")
                  .busybox()
                  .build()
                  .connect())
          .build();

  @AfterEach
  void close() {
    cn.close();
  }

  @Test
  void buildPushDeployScaleAndRunAContainerAsSteps(@TempDir Path context) throws Exception {
    // the deployed pods serve (busybox httpd on 8080, the engine's model of it), so their readiness
    // probe passes
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM scratch\nCMD [\"/bin/busybox\", \"httpd\", \"-f\","
            + " \"-p\", \"8080\", \"-h\", \"/\"]\n");
    String image = "registry.test:5000/shop:1.0";
    AppSpec shop = AppSpec.named("shop").image(image).replicas(1).expose(80, 8080).build();

    Pipeline pipeline =
        Pipeline.builder("release")
            .stage(
                "build",
                s ->
                    s.java(
                        "image",
                        cn.steps()
                            .buildImage(ImageBuild.fromDirectory(context).tag(image).build())))
            .stage(
                "push",
                s ->
                    s.needs("build")
                        .java(
                            "image",
                            cn.steps().pushImage(image, Optional.empty(), Duration.ofSeconds(30))))
            .stage(
                "smoke",
                s ->
                    s.needs("build")
                        .java(
                            "run",
                            cn.steps()
                                .runContainer(
                                    ContainerSpec.builder(image)
                                        .command("echo", "smoke test passed")
                                        .build(),
                                    Duration.ofSeconds(30))))
            .stage("deploy", s -> s.needs("push", "smoke").java("rollout", cn.steps().deploy(shop)))
            .stage("scale", s -> s.needs("deploy").java("up", cn.steps().scale("shop", 3)))
            .stage(
                "wait",
                s ->
                    s.needs("scale")
                        .java("rollout", cn.steps().awaitRollout("shop", Duration.ofSeconds(30))))
            .build();

    RunStatus run = cn.pipelines().run(pipeline);

    assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
    assertThat(run.stage("build").orElseThrow().outputs()).containsKey("image-id");
    assertThat(run.step("smoke", "run").tail(OutputChannel.STDOUT)).contains("smoke test passed");
    assertThat(run.stage("smoke").orElseThrow().outputs()).containsEntry("exit-code", "0");
    assertThat(run.step("deploy", "rollout").tail(OutputChannel.STDOUT))
        .anySatisfy(line -> assertThat(line).startsWith("await-rollout"));
    assertThat(cn.app("shop").status().readyPods()).isEqualTo(3);
    // what is left on the engine is the three pods' containers: the smoke container was removed
    assertThat(cn.containers().list(java.util.Map.of(), true))
        .hasSize(3)
        .allSatisfy(
            c ->
                assertThat(c.labels())
                    .containsEntry("app", "shop")
                    .containsKey("io.kubernetes.pod.name"));
  }

  @Test
  void aContainerExitingNonZeroFailsItsStepWithTheExitCode(@TempDir Path context) throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
    cn.containers().build(ImageBuild.fromDirectory(context).tag("tool:1").build());

    RunStatus run =
        cn.pipelines()
            .run(
                Pipeline.builder("check")
                    .stage(
                        "lint",
                        s ->
                            s.java(
                                "run",
                                cn.steps()
                                    .runContainer(
                                        ContainerSpec.builder("tool:1").command("false").build(),
                                        Duration.ofSeconds(30))))
                    .build());

    assertThat(run.status()).isEqualTo(Status.FAILED);
    assertThat(run.step("lint", "run").message())
        .hasValueSatisfying(m -> assertThat(m).contains("exited with 3"));
    assertThat(run.step("lint", "run").tail(OutputChannel.STDERR)).contains("failing on purpose");
  }
}
