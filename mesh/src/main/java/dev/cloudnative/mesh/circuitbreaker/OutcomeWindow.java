package dev.cloudnative.mesh.circuitbreaker;

/**
 * A sliding window of call outcomes that answers with packed {@link WindowCounts}. Implementations
 * are thread-safe and record without allocating.
 */
interface OutcomeWindow {

  /** Records one outcome and returns the window's packed totals including it. */
  long record(long nowNanos, boolean failure, boolean slow);

  /**
   * @return the window's packed totals as of {@code nowNanos}
   */
  long totals(long nowNanos);
}
