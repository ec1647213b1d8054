package dev.cloudnative.mesh.circuitbreaker;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The outcomes of the last N seconds in N one-second buckets plus running totals, striped so that
 * threads recording at once do not write the same cache lines.
 *
 * <p>Each of {@value #STRIPES} stripes (a thread's id picks one, as in {@link CountWindow}) has
 * buckets and totals of its own, on cache lines of its own; the window's totals are the sum over
 * the stripes, which is exact because the packing of {@link WindowCounts} is linear. A record in
 * the current second is two uncontended atomic adds in its stripe (bucket and totals). The sum is
 * read only when the outcome may trip the breaker: a failure or a slow call, or any call while the
 * window may hold fewer than the minimum number of calls (its stripe remembers the second in which
 * it last saw the minimum reached; within one second nothing leaves the window, so a fast success
 * then only lowers the rates and returns {@link #UNCHANGED}). The first record of a new second
 * takes a lock once to evict every bucket that fell out of the window in every stripe (subtracting
 * it from that stripe's totals) and to claim the bucket for the new second; nothing allocates.
 * Thread-safe.
 */
final class TimeWindow implements OutcomeWindow {

  /** What {@link #record} returns when the outcome cannot trip the breaker: zero calls. */
  static final long UNCHANGED = 0L;

  /** Stripes of buckets and totals; a power of two. */
  static final int STRIPES = 4;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** Longs per 128 bytes: each stripe starts on cache lines of its own. */
  private static final int LINE = 16;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final int size;
  private final int minimumCalls;
  private final int stride;
  private final AtomicLongArray bucketSecond;
  // Stripe s at base(s): [totals, enough-second, bucket 0 .. bucket size-1], padded.
  private final AtomicLongArray counts;
  private final Object rollLock = new Object();
  private volatile long currentSecond;

  /**
   * @param sizeSeconds the window's length in seconds
   * @param nowNanos the clock reading at its start
   * @param minimumCalls the breaker's minimum number of calls before a rate counts
   */
  TimeWindow(int sizeSeconds, long nowNanos, int minimumCalls) {
    this.size = sizeSeconds;
    this.minimumCalls = minimumCalls;
    this.stride = (sizeSeconds + 2 + LINE - 1) / LINE * LINE;
    this.bucketSecond = new AtomicLongArray(sizeSeconds);
    this.counts = new AtomicLongArray(LINE + STRIPES * stride + LINE);
    long second = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
    for (int i = 0; i < sizeSeconds; i++) {
      bucketSecond.set(i, Long.MIN_VALUE);
    }
    for (int s = 0; s < STRIPES; s++) {
      counts.set(base(s) + 1, Long.MIN_VALUE);
    }
    bucketSecond.set(index(second), second);
    currentSecond = second;
  }

  @Override
  public long record(long nowNanos, boolean failure, boolean slow) {
    long second = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
    if (second > currentSecond) {
      roll(second);
    }
    int index = index(second);
    if (bucketSecond.get(index) != second) {
      // A recorder that stalled for longer than the window: its outcome no longer belongs to it.
      return UNCHANGED;
    }
    long delta = WindowCounts.of(failure, slow);
    int base = base(stripeOfCurrentThread());
    counts.getAndAdd(base + 2 + index, delta);
    counts.getAndAdd(base, delta);
    // Plain: the marker is the stripe's own (two threads sharing a stripe only read the sum more).
    if (!failure && !slow && counts.getPlain(base + 1) == second) {
      return UNCHANGED;
    }
    long total = sum();
    if (WindowCounts.calls(total) >= minimumCalls) {
      counts.setPlain(base + 1, second);
    }
    return total;
  }

  @Override
  public long totals(long nowNanos) {
    long second = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
    if (second > currentSecond) {
      roll(second);
    }
    return sum();
  }

  private long sum() {
    long total = 0;
    for (int s = 0; s < STRIPES; s++) {
      total += counts.get(base(s));
    }
    return total;
  }

  private void roll(long second) {
    synchronized (rollLock) {
      if (second <= currentSecond) {
        return;
      }
      long oldest = second - size + 1;
      for (int i = 0; i < size; i++) {
        if (bucketSecond.get(i) < oldest) {
          // Every bucket out of the window is emptied, even one already cleared: a recorder that
          // checked its label just before it was cleared may still have added to it.
          for (int s = 0; s < STRIPES; s++) {
            int slot = base(s) + 2 + i;
            if (counts.get(slot) != 0) {
              long evicted = counts.getAndSet(slot, 0);
              counts.getAndAdd(base(s), -evicted);
            }
          }
          bucketSecond.set(i, Long.MIN_VALUE);
        }
      }
      bucketSecond.set(index(second), second);
      currentSecond = second;
    }
  }

  private int base(int stripe) {
    return LINE + stripe * stride;
  }

  private int index(long second) {
    return (int) Math.floorMod(second, (long) size);
  }

  // Thread ids are small and sequential; the multiplicative hash spreads neighbours over the
  // stripes.
  @SuppressWarnings("deprecation") // Thread.getId: threadId() needs Java 19
  private static int stripeOfCurrentThread() {
    return (int)
        ((Thread.currentThread().getId() * GOLDEN)
            >>> (64 - Integer.numberOfTrailingZeros(STRIPES)));
  }
}
