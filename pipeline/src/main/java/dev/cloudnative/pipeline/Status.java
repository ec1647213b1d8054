package dev.cloudnative.pipeline;

/** The lifecycle state of a run, a stage or a step. Immutable enum, thread-safe. */
public enum Status {
  /** Not started yet. */
  PENDING,
  /** Currently executing. */
  RUNNING,
  /** Finished successfully. */
  SUCCEEDED,
  /**
   * A step not run because the runner's step cache held its result for the same inputs: its outputs
   * were restored from the cache. Counts as a success.
   */
  CACHED,
  /**
   * A stage (and its steps) not run again by a re-run of failed stages because it succeeded in the
   * previous run, whose outputs it hands on. Counts as a success.
   */
  REUSED,
  /** Finished with a failure (non-zero exit code, exception, missing executable). */
  FAILED,
  /** Never executed because its condition was not met or the run stopped before it. */
  SKIPPED,
  /** Stopped because a step, stage or run timeout elapsed. */
  TIMED_OUT,
  /** Stopped because the run was cancelled or failed fast. */
  CANCELLED;

  /** Whether this status is final (nothing will change it any more). */
  public boolean isTerminal() {
    return this != PENDING && this != RUNNING;
  }

  /** The status as words for messages: {@code "timed out"}, {@code "failed"}. */
  public String describe() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  /** Whether this status counts as a success (SUCCEEDED, CACHED or REUSED). */
  public boolean isSuccess() {
    return this == SUCCEEDED || this == CACHED || this == REUSED;
  }

  /** Whether this status counts as a failure (FAILED or TIMED_OUT). */
  public boolean isFailure() {
    return this == FAILED || this == TIMED_OUT;
  }
}
