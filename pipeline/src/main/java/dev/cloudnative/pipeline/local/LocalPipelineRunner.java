package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.CommandStep;
import dev.cloudnative.pipeline.ContainerStep;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineListener;
import dev.cloudnative.pipeline.PipelineRun;
import dev.cloudnative.pipeline.PipelineRunner;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.ShellStep;
import dev.cloudnative.pipeline.Stage;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.UnsupportedStepException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs pipelines on this machine: process steps as child processes, Java steps on threads of this
 * JVM, container steps through the config's {@link dev.cloudnative.pipeline.ContainerStepExecutor}
 * (with the same retries, timeouts, cancel, outputs and events), each process step in a session of
 * its own whose every process is killed when the step ends (see the README's "Killing"). Each run
 * owns its threads (a coordinator, a stage pool bounded by the parallelism, two drain threads per
 * running process) and releases them when it ends, so the runner itself holds nothing: {@link
 * #close()} only makes it refuse new runs (runs in progress go on; cancel them through their {@link
 * PipelineRun}). After close every other method throws {@link IllegalStateException}. Thread-safe:
 * one runner can start any number of runs concurrently.
 *
 * <pre>{@code
 * PipelineRunner runner = LocalPipelineRunner.create();
 * RunStatus result = runner.run(pipeline, event -> System.out.println(event));
 * }</pre>
 */
public final class LocalPipelineRunner implements PipelineRunner {
  private final LocalRunnerConfig config;
  private final PipelineMetrics metrics;
  private final PipelineObservations observations;
  private volatile boolean closed;

  private LocalPipelineRunner(LocalRunnerConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    // once per runner: every run of this runner shares its gauges and its registries
    this.metrics = PipelineMetrics.of(config.meterRegistry());
    this.observations = new PipelineObservations(config.observationRegistry());
  }

  /** A runner with {@link LocalRunnerConfig#ofDefaults()}. */
  public static LocalPipelineRunner create() {
    return new LocalPipelineRunner(LocalRunnerConfig.ofDefaults());
  }

  /** A runner with {@code config}. */
  public static LocalPipelineRunner create(LocalRunnerConfig config) {
    return new LocalPipelineRunner(config);
  }

  /** This runner's settings. */
  public LocalRunnerConfig config() {
    checkOpen();
    return config;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("pipeline runner is closed");
    }
  }

  /**
   * Starts {@code pipeline}.
   *
   * @throws UnsupportedStepException if the pipeline has a container step and the runner's config
   *     has no {@link LocalRunnerConfig#containerExecutor()}, or a command or shell step and {@code
   *     /usr/bin/setsid} (util-linux), which starts each in a session of its own, is missing
   */
  @Override
  public PipelineRun start(Pipeline pipeline, PipelineListener... listeners) {
    return begin(pipeline, Optional.empty(), listeners);
  }

  /**
   * Re-runs what did not succeed in {@code previous} (see {@link PipelineRunner#rerunFailed}).
   *
   * @throws IllegalArgumentException if {@code previous} is a run of another pipeline
   * @throws UnsupportedStepException as {@link #start} does
   */
  @Override
  public PipelineRun rerunFailed(
      Pipeline pipeline, RunStatus previous, PipelineListener... listeners) {
    checkOpen();
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(previous, "previous");
    if (!previous.pipeline().equals(pipeline.name())) {
      throw new IllegalArgumentException(
          "run "
              + previous.runId()
              + " is a run of pipeline '"
              + previous.pipeline()
              + "', not of '"
              + pipeline.name()
              + "': only a run of the same pipeline can be re-run");
    }
    return begin(pipeline, Optional.of(previous), listeners);
  }

  private PipelineRun begin(
      Pipeline pipeline, Optional<RunStatus> previous, PipelineListener... listeners) {
    checkOpen();
    Objects.requireNonNull(pipeline, "pipeline");
    for (Stage stage :
        Stream.concat(pipeline.stages().stream(), pipeline.finallyStages().stream()).toList()) {
      for (Step step : stage.steps()) {
        if (step instanceof ContainerStep c && config.containerExecutor().isEmpty()) {
          throw new UnsupportedStepException(
              pipeline.name(),
              stage.name(),
              step.name(),
              "image '"
                  + c.image()
                  + "' needs a container executor and this runner has none; configure one with"
                  + " LocalRunnerConfig.custom().containerExecutor(executor) (cloudnative-core's"
                  + " ContainerEngineStepExecutor.on(engine); CloudNative.pipelines() has one)");
        }
        if (step instanceof CommandStep || step instanceof ShellStep) {
          Optional<String> why = ProcessSession.unavailable();
          if (why.isPresent()) {
            throw new UnsupportedStepException(
                pipeline.name(), stage.name(), step.name(), why.get());
          }
        }
      }
    }
    String runId = UUID.randomUUID().toString().substring(0, 8);
    LocalPipelineRun run =
        new LocalPipelineRun(
            runId,
            pipeline,
            config,
            metrics,
            observations,
            new Emitter(List.of(Objects.requireNonNull(listeners, "listeners"))),
            previous);
    run.start();
    return run;
  }

  /** Refuses new runs from now on; idempotent. Runs already started are not touched. */
  @Override
  public void close() {
    closed = true;
  }
}
