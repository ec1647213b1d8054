package dev.cloudnative.pipeline;

/**
 * Executes pipelines. Implementations are thread-safe: one runner can start many runs at once.
 */
public interface PipelineRunner {

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
}
