package dev.cloudnative.mesh.circuitbreaker;

/**
 * Packs the three counters of a sliding window (calls, failed calls, slow calls; 21 bits each) into
 * one {@code long} so that recording an outcome is a single atomic add. Windows are capped at 2^20
 * calls, so no field overflows.
 *
 * <p>Why a consistency check: two recorders that overwrite the same slot of a count window may
 * apply their deltas in the opposite order of their slot exchanges; in between, a field can
 * transiently borrow from its neighbour. Such a reading has more failures (or slow calls) than
 * calls and is skipped by the evaluator; the final sum is exact because addition commutes.
 * Stateless; thread-safe.
 */
public final class WindowCounts {

  static final int BITS = 21;
  static final long MASK = (1L << BITS) - 1;
  static final long ONE_CALL = 1L << (2 * BITS);
  static final long ONE_FAILURE = 1L << BITS;
  static final long ONE_SLOW = 1L;

  private WindowCounts() {}

  /**
   * @return the packed delta of one outcome
   */
  static long of(boolean failure, boolean slow) {
    return ONE_CALL | (failure ? ONE_FAILURE : 0) | (slow ? ONE_SLOW : 0);
  }

  public static int calls(long packed) {
    return (int) ((packed >>> (2 * BITS)) & MASK);
  }

  public static int failures(long packed) {
    return (int) ((packed >>> BITS) & MASK);
  }

  public static int slow(long packed) {
    return (int) (packed & MASK);
  }

  /**
   * @return false for a transient reading taken between two racing slot updates
   */
  static boolean consistent(long packed) {
    int calls = calls(packed);
    return failures(packed) <= calls && slow(packed) <= calls;
  }
}
