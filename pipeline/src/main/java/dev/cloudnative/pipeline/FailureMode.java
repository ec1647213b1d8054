package dev.cloudnative.pipeline;

/** What a run does when a stage fails. Immutable enum, thread-safe. */
public enum FailureMode {
  /**
   * Cancel running stages and skip the ones not started (except {@code always}/{@code onFailure}
   * and finally stages).
   */
  FAIL_FAST,
  /** Keep running every stage whose condition still holds. */
  CONTINUE
}
