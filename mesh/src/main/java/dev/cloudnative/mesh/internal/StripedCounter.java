package dev.cloudnative.mesh.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A gauge-like counter of things in progress (the retry budget's active requests and active
 * retries) that every call changes twice: striped so that threads counting at once do not write the
 * same cache line. A thread's id picks one of {@value #STRIPES} cells, each on cache lines of its
 * own; an increment or decrement is one uncontended atomic add on it, and {@link #get} sums the
 * cells. An increment and its decrement may land on different cells (a hedge ends on another
 * thread): the sum stays exact, since addition commutes, and a reading taken between the two cells'
 * updates is clamped at zero. No allocation after construction. Thread-safe.
 */
final class StripedCounter {

  /** Cells; a power of two. */
  static final int STRIPES = 8;

  /** Longs between two cells (128 bytes, adjacent-line prefetch included). */
  private static final int SPACING = 16;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final AtomicLongArray cells = new AtomicLongArray(SPACING * (STRIPES + 1));

  void increment() {
    cells.getAndIncrement(cellOfCurrentThread());
  }

  void decrement() {
    cells.getAndDecrement(cellOfCurrentThread());
  }

  /**
   * @return the sum of the cells, at least 0 and at most {@link Integer#MAX_VALUE}
   */
  int get() {
    long sum = 0;
    for (int s = 1; s <= STRIPES; s++) {
      sum += cells.get(SPACING * s);
    }
    return (int) Math.max(0L, Math.min(Integer.MAX_VALUE, sum));
  }

  // Thread ids are small and sequential; the multiplicative hash spreads neighbours over the cells.
  @SuppressWarnings("deprecation") // Thread.getId: threadId() needs Java 19
  private static int cellOfCurrentThread() {
    int stripe =
        (int)
            ((Thread.currentThread().getId() * GOLDEN)
                >>> (64 - Integer.numberOfTrailingZeros(STRIPES)));
    return SPACING * (stripe + 1);
  }
}
