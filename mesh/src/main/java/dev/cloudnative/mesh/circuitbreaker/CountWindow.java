package dev.cloudnative.mesh.circuitbreaker;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last N outcomes in a ring of ints, with running totals. Recording claims the next slot with
 * an atomic increment, swaps the outcome in (learning what it evicts) and applies the difference to
 * the packed totals with one atomic add: three atomic instructions, no lock, no allocation
 * (Resilience4j synchronises instead). Thread-safe.
 */
final class CountWindow implements OutcomeWindow {

  private static final int RECORDED = 1;
  private static final int FAILED = 2;
  private static final int SLOW = 4;

  /**
   * Cursor and totals, written by every record, share one padded array (index 8 and 9 of 18): 64
   * bytes on each side keep them off the cache lines of read-mostly state, which other cores would
   * otherwise keep re-fetching.
   */
  private static final int CURSOR = 8;

  private static final int TOTALS = 9;

  private final int size;
  private final AtomicIntegerArray slots;
  private final AtomicLongArray counters = new AtomicLongArray(TOTALS + 1 + 8);

  CountWindow(int size) {
    this.size = size;
    this.slots = new AtomicIntegerArray(size);
  }

  @Override
  public long record(long nowNanos, boolean failure, boolean slow) {
    int outcome = RECORDED | (failure ? FAILED : 0) | (slow ? SLOW : 0);
    // The cursor is used as an int, which wraps after 2^32 calls; the unsigned remainder then skips
    // a few slots
    // once, which only changes which old outcome is evicted first.
    int index = Integer.remainderUnsigned((int) counters.getAndIncrement(CURSOR), size);
    int evicted = slots.getAndSet(index, outcome);
    return counters.addAndGet(TOTALS, pack(outcome) - pack(evicted));
  }

  @Override
  public long totals(long nowNanos) {
    return counters.get(TOTALS);
  }

  private static long pack(int outcome) {
    if (outcome == 0) {
      return 0;
    }
    return WindowCounts.of((outcome & FAILED) != 0, (outcome & SLOW) != 0);
  }
}
