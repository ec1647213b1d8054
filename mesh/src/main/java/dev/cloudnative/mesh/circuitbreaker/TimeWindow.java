package dev.cloudnative.mesh.circuitbreaker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The outcomes of the last N seconds in N one-second buckets plus running totals. A record in the
 * current second is two atomic adds (bucket and totals). The first record of a new second takes a
 * lock once to evict every bucket that fell out of the window (subtracting it from the totals) and
 * to claim the bucket for the new second; nothing allocates. Thread-safe.
 */
final class TimeWindow implements OutcomeWindow {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final int size;
  private final AtomicLongArray bucketSecond;
  private final AtomicLongArray bucketCounts;
  private final AtomicLong totals = new AtomicLong();
  private final Object rollLock = new Object();
  private volatile long currentSecond;

  TimeWindow(int sizeSeconds, long nowNanos) {
    this.size = sizeSeconds;
    this.bucketSecond = new AtomicLongArray(sizeSeconds);
    this.bucketCounts = new AtomicLongArray(sizeSeconds);
    long second = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
    for (int i = 0; i < sizeSeconds; i++) {
      bucketSecond.set(i, Long.MIN_VALUE);
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
    long delta = WindowCounts.of(failure, slow);
    int index = index(second);
    if (bucketSecond.get(index) != second) {
      // A recorder that stalled for longer than the window: its outcome no longer belongs to it.
      return totals.get();
    }
    bucketCounts.getAndAdd(index, delta);
    return totals.addAndGet(delta);
  }

  @Override
  public long totals(long nowNanos) {
    long second = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
    if (second > currentSecond) {
      roll(second);
    }
    return totals.get();
  }

  private void roll(long second) {
    synchronized (rollLock) {
      if (second <= currentSecond) {
        return;
      }
      long oldest = second - size + 1;
      for (int i = 0; i < size; i++) {
        if (bucketSecond.get(i) < oldest) {
          long evicted = bucketCounts.getAndSet(i, 0);
          if (evicted != 0) {
            totals.addAndGet(-evicted);
          }
          bucketSecond.set(i, Long.MIN_VALUE);
        }
      }
      bucketSecond.set(index(second), second);
      currentSecond = second;
    }
  }

  private int index(long second) {
    return (int) Math.floorMod(second, (long) size);
  }
}
