package dev.cloudnative.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** A handle on a started run. Thread-safe: any thread may read the status, cancel or wait. */
public interface PipelineRun {

  /** The run's id. */
  String runId();

  /** The pipeline being run. */
  Pipeline pipeline();

  /** An immutable snapshot of the run as it is now. */
  RunStatus status();

  /**
   * Asks the run to stop: running steps are killed (process trees included), pending regular stages
   * are skipped, finally stages still run (bounded by the pipeline's finally timeout; a cancel
   * arriving while they run does not stop them). Idempotent; returns at once.
   */
  void cancel();

  /** Whether the run has finished. */
  boolean isDone();

  /**
   * Waits for the run to finish.
   *
   * @throws PipelineException if the waiting thread is interrupted (the interrupt flag is restored)
   */
  RunStatus await();

  /** Waits at most {@code limit}; empty if the run is still going. */
  Optional<RunStatus> await(Duration limit);

  /** Completes with the final status when the run finishes. */
  CompletionStage<RunStatus> completion();
}
