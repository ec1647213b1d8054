package dev.cloudnative.pipeline;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * One container a {@link ContainerStepExecutor} started for an attempt of a {@link ContainerStep}.
 * The runner waits on {@link #exit()}, its stop signal and the attempt's deadline, whichever comes
 * first, and then calls {@link #stop} in every case (after a normal exit too), so the container and
 * everything held for it are gone when the attempt ends. Implementations are thread-safe: {@link
 * #stop} may come from any thread, more than once.
 */
public interface ContainerStepExecution {

  /**
   * Completes with the container's exit code once it exited and its output was delivered to the
   * sink given to {@link ContainerStepExecutor#start}; completes exceptionally when the engine
   * failed while the container ran (the attempt then fails with the exception's message).
   */
  CompletionStage<Integer> exit();

  /**
   * Stops the container if it still runs (SIGTERM, then SIGKILL after {@code grace}), ends the
   * output follow and removes the container. Idempotent; returns when the container is gone.
   *
   * @throws PipelineException or an engine's own exception if the engine refused; the runner logs
   *     it and adds it to the attempt's message
   */
  void stop(Duration grace);
}
