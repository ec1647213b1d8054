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

  /**
   * Starts a re-run of the stages of {@code pipeline} that did not succeed in {@code previous} (a
   * run of the same pipeline: {@link PipelineRun#status()}, or a JSON report read back with {@code
   * ReportFormat.readJson(path)}) and of every stage that depends on one of them. A regular stage
   * that succeeded (or was itself reused) and needs only such stages is not run: it is {@link
   * Status#REUSED}, and hands its outputs from {@code previous} to the stages that need it. Finally
   * stages always run again. A stage {@code previous} does not know is run.
   *
   * @throws IllegalArgumentException if {@code previous} is a run of another pipeline
   * @throws UnsupportedStepException if the pipeline has a step this runner cannot execute
   */
  PipelineRun rerunFailed(Pipeline pipeline, RunStatus previous, PipelineListener... listeners);

  /** Runs {@code pipeline} to its end and returns the final status. */
  default RunStatus run(Pipeline pipeline, PipelineListener... listeners) {
    return start(pipeline, listeners).await();
  }

  /** Stops accepting runs. Idempotent; unchecked. */
  @Override
  void close();
}
