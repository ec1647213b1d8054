package dev.cloudnative.pipeline;

/**
 * Receives the events of a run. Events arrive from the runner's threads, several at once when
 * stages run in parallel; the events of one step arrive in order per output channel.
 * Implementations must be thread-safe and quick (a slow listener slows the step it listens to). An
 * exception thrown by a listener is logged and does not affect the run.
 */
@FunctionalInterface
public interface PipelineListener {
  /** Handles one event. */
  void onEvent(PipelineEvent event);
}
