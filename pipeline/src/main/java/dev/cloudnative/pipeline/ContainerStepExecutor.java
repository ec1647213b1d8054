package dev.cloudnative.pipeline;

import java.util.function.Consumer;

/**
 * Runs {@link ContainerStep}s for a runner that has no containers of its own: the pipeline module
 * defines this interface and knows no container engine; {@code cloudnative-core} provides {@code
 * ContainerEngineStepExecutor} over the SDK's {@code ContainerEngine} (Docker, Podman or
 * in-memory), and the facade's default runner has one. Plug one into the local runner with {@code
 * LocalRunnerConfig.custom().containerExecutor(executor)}.
 *
 * <p>The runner keeps the semantics of its command steps: it owns retries, the step, stage and run
 * timeouts, cancel and fail-fast (by calling {@link ContainerStepExecution#stop}), reads {@code
 * $PIPELINE_OUTPUT} after a successful attempt, and turns the lines the executor delivers into
 * {@link PipelineEvent.StepOutput} events and the step's tail, in the order delivered.
 *
 * <p>Implementations must be thread-safe: one runner starts attempts of many stages at once.
 */
public interface ContainerStepExecutor {

  /**
   * Starts one attempt: creates the container {@code request} describes (image, command, env,
   * working directory, every bind mounted), starts it and follows its stdout and stderr, handing
   * each complete line to {@code output} in the order the container wrote it (per stream; across
   * the two streams in the order the engine delivered them), from one thread at a time. Returns
   * once the container runs (or already ended).
   *
   * @param request what to run
   * @param output receives the container's lines until {@link ContainerStepExecution#exit()}
   *     completes; thread-safe and non-blocking
   * @throws RuntimeException (an engine's own or a {@link PipelineException}) when the container
   *     cannot be created or started, for example an image that does not exist; the runner fails
   *     the attempt with its message, and retries it if the step says so. A container created
   *     before the failure is removed before this method throws.
   */
  ContainerStepExecution start(ContainerStepRequest request, Consumer<OutputLine> output);

  /**
   * The content digest ({@code sha256:...}) {@code image} resolves to on this executor's engine, if
   * it can tell: the runner's step cache makes it part of a container step's key, so a tag that
   * moved to another image misses the cache. The default tells nothing, and the key holds the image
   * reference only.
   */
  default java.util.Optional<String> imageDigest(String image) {
    return java.util.Optional.empty();
  }
}
