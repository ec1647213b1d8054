package dev.cloudnative.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.core.CloudNative;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.Subscription;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CloudNative.builder().containerStepsAsJobs()}: the default runner's container steps run as
 * Jobs of the facade's cluster (the embedded one, its pods on the facade's engine).
 */
class FacadeJobStepsTest {
  @TempDir Path context;

  @Test
  void containerStepsRunAsJobsOfTheFacadesCluster() throws Exception {
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\nCOPY Dockerfile /Dockerfile\n");
    try (CloudNative cn = CloudNative.builder().containerStepsAsJobs().build()) {
      cn.containers().build(ImageBuild.fromDirectory(context).tag("cn-facade-job:1").build());
      String ns = cn.cluster().defaultNamespace();
      List<PodInfo> seen = new CopyOnWriteArrayList<>();
      Subscription watch = cn.cluster().watchPods(ns, e -> seen.add(e.object()));
      Pipeline p =
          Pipeline.builder("facade")
              .stage(
                  "ct",
                  s ->
                      s.step(
                          Step.container(
                              "hello",
                              "cn-facade-job:1",
                              List.of("/bin/busybox", "echo", "hello from a Job"))))
              .build();
      List<String> lines = new CopyOnWriteArrayList<>();
      RunStatus run;
      try {
        run =
            cn.pipelines()
                .run(
                    p,
                    e -> {
                      if (e instanceof PipelineEvent.StepOutput o) {
                        lines.add(o.step() + ": " + o.line());
                      }
                    });
      } finally {
        watch.close();
      }
      assertThat(run.status()).as(run.toString()).isEqualTo(Status.SUCCEEDED);
      assertThat(lines).containsExactly("hello: hello from a Job");
      assertThat(seen)
          .as("the step's pod, owned by its Job")
          .anySatisfy(
              pod -> {
                assertThat(pod.ownerKind()).isEqualTo("Job");
                assertThat(pod.labels())
                    .containsEntry(ContainerEngineStepExecutor.RUN_LABEL, run.runId());
              });
      assertThat(cn.cluster().pods(ns, Map.of(ContainerEngineStepExecutor.RUN_LABEL, run.runId())))
          .isEmpty();
    }
  }

  @Test
  void containerStepsAsJobsIsRefusedWithARunnerOfTheCallers() {
    LocalPipelineRunner mine = LocalPipelineRunner.create();
    try {
      assertThatThrownBy(() -> CloudNative.builder().pipelines(mine).containerStepsAsJobs().build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("containerStepsAsJobs()")
          .hasMessageContaining("ClusterJobStepExecutor");
    } finally {
      mine.close();
    }
  }
}
