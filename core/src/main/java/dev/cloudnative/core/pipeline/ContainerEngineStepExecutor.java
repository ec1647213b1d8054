package dev.cloudnative.core.pipeline;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.ImageInfo;
import dev.cloudnative.docker.LogOptions;
import dev.cloudnative.docker.LogStream;
import dev.cloudnative.docker.Mount;
import dev.cloudnative.docker.Subscription;
import dev.cloudnative.pipeline.ContainerStepExecution;
import dev.cloudnative.pipeline.ContainerStepExecutor;
import dev.cloudnative.pipeline.ContainerStepRequest;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.OutputLine;
import dev.cloudnative.pipeline.PipelineException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipeline container steps as containers of a {@link ContainerEngine} (Docker, Podman or the
 * in-memory engine): each attempt is one container created from the step's image with the step's
 * command as the container's command (as {@code docker run IMAGE COMMAND...}: an image's entrypoint
 * still applies; an empty command keeps the image's own), the runner's environment and working
 * directory, and the workspace and the run's output directory bind-mounted read-write. stdout and
 * stderr are followed as lines; the attempt ends at the container's exit, and the runner then stops
 * (on timeout or cancel: SIGTERM, SIGKILL after its kill grace period) and removes the container in
 * every case.
 *
 * <p>Images follow the {@code IfNotPresent} policy: an image the engine has is used as is,
 * otherwise it is pulled once (an open registry; pull with credentials beforehand through {@link
 * ContainerEngine#pull}). Every container carries the engine session's labels (so closing the
 * engine removes a leftover) and the step's identity: {@link #PIPELINE_LABEL}, {@link #RUN_LABEL},
 * {@link #STAGE_LABEL}, {@link #STEP_LABEL} and {@link #ATTEMPT_LABEL}, so {@code
 * engine.list(Map.of(RUN_LABEL, runId), true)} finds what a run left.
 *
 * <pre>{@code
 * LocalPipelineRunner runner = LocalPipelineRunner.create(LocalRunnerConfig.custom()
 *     .containerExecutor(ContainerEngineStepExecutor.on(engine))
 *     .build());
 * }</pre>
 *
 * <p>The executor does not own the engine: whoever built the engine closes it. Thread-safe: the
 * engine is, and each attempt has its own container and waiting thread.
 */
public final class ContainerEngineStepExecutor implements ContainerStepExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerEngineStepExecutor.class);

  /** Label holding the pipeline's name. */
  public static final String PIPELINE_LABEL = "cloudnative.pipeline";

  /** Label holding the run's id. */
  public static final String RUN_LABEL = "cloudnative.pipeline.run";

  /** Label holding the stage's name. */
  public static final String STAGE_LABEL = "cloudnative.pipeline.stage";

  /** Label holding the step's name. */
  public static final String STEP_LABEL = "cloudnative.pipeline.step";

  /** Label holding the attempt, counting from 1. */
  public static final String ATTEMPT_LABEL = "cloudnative.pipeline.attempt";

  /** How long a missing image may take to pull. */
  static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

  /**
   * How long, after the container exited, its followed output may take to arrive before the attempt
   * ends without the rest.
   */
  static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

  private final ContainerEngine engine;

  private ContainerEngineStepExecutor(ContainerEngine engine) {
    this.engine = engine;
  }

  /** An executor running containers on {@code engine}, which it does not close. */
  public static ContainerEngineStepExecutor on(ContainerEngine engine) {
    return new ContainerEngineStepExecutor(Objects.requireNonNull(engine, "engine"));
  }

  /** The engine containers run on. */
  public ContainerEngine engine() {
    return engine;
  }

  @Override
  public ContainerStepExecution start(ContainerStepRequest request, Consumer<OutputLine> output) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(output, "output");
    ContainerSpec spec = spec(request);
    ensureImage(request);
    String id = engine.create(spec);
    Subscription follow;
    try {
      engine.start(id);
      follow =
          engine.followLogs(
              id,
              LogOptions.all(),
              line ->
                  output.accept(
                      new OutputLine(
                          line.stream() == LogStream.STDERR
                              ? OutputChannel.STDERR
                              : OutputChannel.STDOUT,
                          line.text())));
    } catch (RuntimeException e) {
      try {
        engine.remove(id, true, true);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    EngineStepExecution execution = new EngineStepExecution(engine, id, follow, DRAIN_TIMEOUT);
    LOG.debug(
        "step '{}' of stage '{}' (run {}, attempt {}): container {} of {} started",
        request.step(),
        request.stage(),
        request.runId(),
        request.attempt(),
        id,
        request.image());
    execution.awaitExitInBackground(
        "pipeline-" + request.runId() + "-container-" + id.substring(0, Math.min(12, id.length())));
    return execution;
  }

  /**
   * The id of the image {@code image} names on the engine (its config's {@code sha256:} digest,
   * content-addressed), pulled first if the engine does not have it, as a step of it would be.
   * Empty when the engine cannot tell (the image cannot be pulled): the step then runs and fails
   * with the engine's reason.
   */
  @Override
  public Optional<String> imageDigest(String image) {
    Objects.requireNonNull(image, "image");
    try {
      Optional<ImageInfo> found = engine.findImage(image);
      if (found.isEmpty()) {
        found = Optional.of(engine.pull(image, Optional.empty(), PULL_TIMEOUT));
      }
      return found.map(ImageInfo::id).filter(id -> !id.isBlank());
    } catch (DockerException e) {
      LOG.debug("cannot tell the digest of image {} on {}: {}", image, engine, e.toString());
      return Optional.empty();
    }
  }

  private ContainerSpec spec(ContainerStepRequest request) {
    ContainerSpec.Builder b =
        ContainerSpec.builder(request.image())
            .label(PIPELINE_LABEL, request.pipeline())
            .label(RUN_LABEL, request.runId())
            .label(STAGE_LABEL, request.stage())
            .label(STEP_LABEL, request.step())
            .label(ATTEMPT_LABEL, Integer.toString(request.attempt()))
            .env(request.env())
            .workingDir(request.workingDirectory());
    if (!request.command().isEmpty()) {
      b.command(request.command());
    }
    for (Map.Entry<Path, String> bind : request.binds().entrySet()) {
      b.mount(Mount.bind(bind.getKey().toString(), bind.getValue()));
    }
    return b.build();
  }

  private void ensureImage(ContainerStepRequest request) {
    if (engine.findImage(request.image()).isPresent()) {
      return;
    }
    LOG.info(
        "step '{}' of stage '{}': pulling image {}",
        request.step(),
        request.stage(),
        request.image());
    try {
      engine.pull(request.image(), Optional.empty(), PULL_TIMEOUT);
    } catch (DockerException e) {
      throw new PipelineException(
          request.pipeline(),
          "image "
              + request.image()
              + " is not on "
              + engine
              + " and cannot be pulled: "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public String toString() {
    return "ContainerEngineStepExecutor on " + engine;
  }
}
