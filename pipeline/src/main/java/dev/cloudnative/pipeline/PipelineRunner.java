package dev.cloudnative.pipeline;

/**
 * Executes pipelines. Implementations are thread-safe: one runner can start many runs at once.
 *
 * <p>Lifecycle: {@link #close()} is idempotent; after it every other operation throws {@link
 * IllegalStateException} ("pipeline runner is closed"). Runs already started are not affected: each
 * {@link PipelineRun} keeps working until its run ends.
 */
public interface PipelineRunner extends AutoCloseable {

  /**
   * Starts {@code pipeline} and returns at once.
   *
   * @throws UnsupportedStepException if the pipeline has a step this runner cannot execute
   */
  PipelineRun start(Pipeline pipeline, PipelineListener... listeners);

  /** Runs {@code pipeline} to its end and returns the final status. */
  default RunStatus run(Pipeline pipeline, PipelineListener... listeners) {
    return start(pipeline, listeners).await();
  }

  /** Stops accepting runs. Idempotent; unchecked. */
  @Override
  void close();
}
