package dev.cloudnative.mesh.internal;

/**
 * Arithmetic on a call's deadline, kept as a primitive {@code long} so that a call allocates no
 * deadline object. {@link #NONE} stands for "no overall timeout"; {@link System#nanoTime()} (and so
 * the mesh clock) may be negative, so a deadline is compared by subtraction, and only when there is
 * one, to avoid overflow. Stateless; thread-safe.
 */
final class Deadlines {

  /** The deadline of a call without an overall timeout. */
  static final long NONE = Long.MAX_VALUE;

  private Deadlines() {}

  /**
   * @return the deadline of a call started at {@code startNanos} with {@code overallNanos} (0 =
   *     none)
   */
  static long of(long startNanos, long overallNanos) {
    return overallNanos > 0 ? startNanos + overallNanos : NONE;
  }

  /**
   * @return whether {@code nanos} is at or past {@code deadline}
   */
  static boolean reached(long deadline, long nanos) {
    return deadline != NONE && nanos - deadline >= 0;
  }

  /**
   * @return the nanoseconds left at {@code now}, {@link Long#MAX_VALUE} without a deadline
   */
  static long remaining(long deadline, long now) {
    return deadline == NONE ? Long.MAX_VALUE : deadline - now;
  }
}
