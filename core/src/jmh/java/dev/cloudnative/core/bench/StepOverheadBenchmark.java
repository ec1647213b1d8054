package dev.cloudnative.core.bench;

import dev.cloudnative.core.pipeline.ClusterJobStepExecutor;
import dev.cloudnative.core.pipeline.ContainerEngineStepExecutor;
import dev.cloudnative.core.pipeline.JobStepConfig;
import dev.cloudnative.core.runtime.ContainerPodRuntime;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.engine.DockerEngine;
import dev.cloudnative.docker.inmemory.InMemoryContainerEngine;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import dev.cloudnative.pipeline.local.LocalRunnerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one pipeline step running {@code true} costs on each executor, end to end through {@link
 * LocalPipelineRunner#run}: a local process, a container on the in-memory engine, a container on
 * Docker Engine and on Podman (create, start, follow the log, wait, remove), and a Job of the
 * embedded cluster whose pods are dockerd containers ({@link ClusterJobStepExecutor} over {@link
 * InMemoryCluster} with {@link ContainerPodRuntime}, polling every 20 ms: Secret, Job, pod, log,
 * exit, foreground delete). The real engines come from the variables {@code .ci/engines} sets
 * ({@code CLOUDNATIVE_DOCKER_HOST}, {@code CLOUDNATIVE_PODMAN_HOST}); a missing one fails that
 * parameter's setup with the reason. The image is {@code FROM scratch} with Debian's static
 * busybox, so nothing is pulled.
 *
 * <p>Run: {@code mvn -B -Pbench -pl core verify -DskipTests -Djmh.args="-f 1 -wi 3 -i 5
 * StepOverheadBenchmark"} with the engines' variables exported.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StepOverheadBenchmark {
  private static final String IMAGE = "cn-bench-busybox:1";
  private static final Path BUSYBOX =
      Path.of(System.getenv().getOrDefault("CLOUDNATIVE_BUSYBOX", "/bin/busybox"));

  /** Where the step runs. */
  public enum Executor {
    LOCAL,
    IN_MEMORY_CONTAINER,
    DOCKER,
    PODMAN,
    JOB
  }

  private static final String NAMESPACE = "bench";

  @Param({"LOCAL", "IN_MEMORY_CONTAINER", "DOCKER", "PODMAN", "JOB"})
  public Executor executor;

  private ContainerEngine engine;
  private InMemoryCluster cluster;
  private LocalPipelineRunner runner;
  private Pipeline pipeline;
  private Path workspace;

  @Setup
  public void setUp() throws IOException {
    workspace = Files.createTempDirectory("cn-bench-ws");
    LocalRunnerConfig.Builder config = LocalRunnerConfig.custom().workspace(workspace);
    Step step;
    if (executor == Executor.LOCAL) {
      step = Step.command("true", List.of("true"));
    } else {
      engine =
          switch (executor) {
            case IN_MEMORY_CONTAINER -> InMemoryContainerEngine.create();
            case DOCKER -> connect("CLOUDNATIVE_DOCKER_HOST");
            case PODMAN -> connect("CLOUDNATIVE_PODMAN_HOST");
            case JOB -> connect("CLOUDNATIVE_DOCKER_HOST");
            case LOCAL -> throw new AssertionError("unreachable");
          };
      buildImage(executor != Executor.IN_MEMORY_CONTAINER);
      if (executor == Executor.JOB) {
        cluster = InMemoryCluster.builder().runtime(ContainerPodRuntime.on(engine)).build();
        cluster.ensureNamespace(NAMESPACE);
        config.containerExecutor(
            ClusterJobStepExecutor.on(
                cluster,
                NAMESPACE,
                JobStepConfig.custom().pollInterval(Duration.ofMillis(20)).build()));
      } else {
        config.containerExecutor(ContainerEngineStepExecutor.on(engine));
      }
      step = Step.container("true", IMAGE, List.of("/bin/busybox", "true"));
    }
    runner = LocalPipelineRunner.create(config.build());
    pipeline = Pipeline.builder("bench").stage("s", s -> s.step(step)).build();
  }

  private static ContainerEngine connect(String variable) {
    String host = System.getenv(variable);
    if (host == null || host.isBlank()) {
      throw new IllegalStateException(variable + " is not set: start the engines with .ci/engines");
    }
    return DockerEngine.connect(EngineConfig.custom().host(host).build());
  }

  private void buildImage(boolean realBusybox) throws IOException {
    Path context = Files.createTempDirectory("cn-bench-ctx");
    StringBuilder dockerfile = new StringBuilder("FROM scratch\n");
    if (realBusybox) {
      Files.copy(BUSYBOX, context.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
      dockerfile.append("COPY busybox /bin/busybox\n");
    }
    Files.writeString(context.resolve("Dockerfile"), dockerfile.toString());
    engine.build(ImageBuild.fromDirectory(context).tag(IMAGE).build());
  }

  @TearDown
  public void tearDown() {
    runner.close();
    if (cluster != null) {
      cluster.close();
    }
    if (engine != null) {
      engine.close();
    }
  }

  @Benchmark
  public RunStatus stepRunningTrue() {
    RunStatus r = runner.run(pipeline);
    if (r.status() != Status.SUCCEEDED) {
      throw new IllegalStateException("benchmark step failed: " + r.message().orElse(""));
    }
    return r;
  }
}
