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
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import dev.cloudnative.pipeline.local.LocalRunnerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Job steps on the embedded cluster whose pods are real containers of the Docker Engine, running
 * the static busybox (skips without dockerd unless CI=true).
 */
class DockerJobStepsTest extends JobStepsContract {

  @Override
  protected ContainerEngine engine() {
    String host = Engines.require("CLOUDNATIVE_DOCKER_HOST", DockerJobStepsTest.class);
    Assertions.assertTrue(
        ShopImage.realBusyboxAvailable(), "a static busybox at " + ShopImage.BUSYBOX);
    return DockerEngine.connect(EngineConfig.custom().host(host).build());
  }

  @Override
  protected boolean realBinaries() {
    return true;
  }

  @Test
  void aShellsExitCodeAndOutputsAJobAppendsReachLaterStages() throws Exception {
    Pipeline p =
        Pipeline.builder("outputs")
            .stage(
                "make",
                s ->
                    s.step(
                            busybox("exit3", "sh", "-c", "echo failing >&2; exit 3")
                                .continueOnError())
                        .step(
                            busybox(
                                "emit",
                                "sh",
                                "-c",
                                "echo \"digest=$1\" >> \"$PIPELINE_OUTPUT\"; echo written",
                                "sh",
                                "sha256:abc")))
            .stage(
                "use",
                s ->
                    s.needs("make")
                        .step(busybox("read", "sh", "-c", "echo \"got $OUTPUT_MAKE_DIGEST\"")))
            .build();
    Recorder events = new Recorder();
    RunStatus run = runner.run(p, events);
    assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
    assertThat(run.step("make", "exit3").status()).isEqualTo(Status.FAILED);
    assertThat(run.step("make", "exit3").exitCode()).hasValue(3);
    // the log API merges the streams: stderr arrives as stdout lines
    assertThat(events.lines("exit3")).containsExactly("failing");
    assertThat(events.lines("emit")).containsExactly("written");
    assertThat(events.lines("read")).containsExactly("got sha256:abc");
    assertNothingLeft(run.runId());
  }

  /**
   * The figure of issue 17: the per-step overhead of a step running {@code true}, as a local
   * process, as a container on dockerd and as a Job of the embedded cluster over dockerd, each the
   * median of 10 steps run one after another (the first of each kind warms up and is not counted).
   */
  @Test
  void perStepOverheadOfTrue() throws Exception {
    int n = 10;
    Map<String, Step> kinds = new java.util.LinkedHashMap<>();
    kinds.put("local process", Step.command("t", "true"));
    kinds.put("dockerd container", busybox("t", "true"));
    kinds.put("embedded-cluster Job", busybox("t", "true"));
    StringBuilder report = new StringBuilder("per-step overhead of `true` (median of " + n + "):");
    for (Map.Entry<String, Step> kind : kinds.entrySet()) {
      LocalRunnerConfig.Builder config = LocalRunnerConfig.custom().workspace(workspace);
      if (kind.getKey().startsWith("dockerd")) {
        config.containerExecutor(ContainerEngineStepExecutor.on(engine));
      } else {
        config.containerExecutor(
            ClusterJobStepExecutor.on(
                cluster, NS, JobStepConfig.custom().pollInterval(Duration.ofMillis(20)).build()));
      }
      try (LocalPipelineRunner r = LocalPipelineRunner.create(config.build())) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
          RunStatus run =
              r.run(Pipeline.builder("overhead").stage("s", s -> s.step(kind.getValue())).build());
          assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
          if (i > 0) {
            millis.add(run.step("s", "t").duration().toMillis());
          }
        }
        java.util.Collections.sort(millis);
        long median = (millis.get(n / 2 - 1) + millis.get(n / 2)) / 2;
        report.append(
            String.format(
                "%n  %-22s %6d ms (min %d, max %d)",
                kind.getKey(), median, millis.get(0), millis.get(n - 1)));
        assertThat(median).as(kind.getKey()).isLessThan(60_000);
      }
    }
    System.out.println(report);
  }
}
