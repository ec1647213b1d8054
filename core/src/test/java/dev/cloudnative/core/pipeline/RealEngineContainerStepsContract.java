package dev.cloudnative.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.core.testing.Engines;
import dev.cloudnative.core.testing.ShopImage;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.engine.DockerEngine;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Container steps on a real engine (the static busybox in the image, so a real shell too): what the
 * contract checks, plus outputs a container appends to {@code $PIPELINE_OUTPUT} flowing to a later
 * stage. Skips without the engine unless {@code CI=true}.
 */
abstract class RealEngineContainerStepsContract extends ContainerStepsContract {

  /** The variable naming the engine's socket, set by {@code .ci/engines}. */
  protected abstract String hostVariable();

  @Override
  protected ContainerEngine engine() {
    String host = Engines.require(hostVariable(), getClass());
    Assertions.assertTrue(
        ShopImage.realBusyboxAvailable(), "a static busybox at " + ShopImage.BUSYBOX);
    return DockerEngine.connect(EngineConfig.custom().host(host).build());
  }

  @Override
  protected boolean realBinaries() {
    return true;
  }

  @Test
  void outputsAContainerAppendsReachLaterStages() {
    Pipeline p =
        Pipeline.builder("outputs")
            .stage(
                "make",
                s ->
                    s.step(
                        Step.container(
                            "emit",
                            IMAGE,
                            List.of(
                                "/bin/busybox",
                                "sh",
                                "-c",
                                "echo \"digest=$1\" >> \"$PIPELINE_OUTPUT\"; echo written",
                                "sh",
                                "sha256:abc"))))
            .stage(
                "use",
                s ->
                    s.needs("make")
                        .step(
                            Step.container(
                                "read",
                                IMAGE,
                                List.of(
                                    "/bin/busybox",
                                    "sh",
                                    "-c",
                                    "echo \"got $OUTPUT_MAKE_DIGEST\""))))
            .build();
    Recorder events = new Recorder();
    RunStatus run = runner.run(p, events);
    assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
    assertThat(events.lines("emit")).containsExactly("written");
    assertThat(events.lines("read")).containsExactly("got sha256:abc");
    assertNoContainerLeft(run.runId());
  }
}
