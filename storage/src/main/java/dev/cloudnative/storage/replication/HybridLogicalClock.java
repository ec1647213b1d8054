package dev.cloudnative.storage.replication;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds in the upper 48 bits and a
 * counter in the lower 16. {@link #now} is strictly increasing per clock even if the wall clock
 * stalls or steps back, and {@link #observe} folds in timestamps seen from other writers, so a
 * write that follows a read of a newer value gets a larger timestamp even across machines with
 * skewed clocks. Lock-free and thread-safe.
 */
public final class HybridLogicalClock {
  private final AtomicLong last = new AtomicLong();

  /** A timestamp larger than every one issued or observed before. */
  public long now() {
    long physical = System.currentTimeMillis() << 16;
    while (true) {
      long prev = last.get();
      long next = Math.max(prev + 1, physical);
      if (last.compareAndSet(prev, next)) {
        return next;
      }
    }
  }

  /** Advances the clock past a timestamp observed elsewhere. */
  public void observe(long timestamp) {
    long prev;
    do {
      prev = last.get();
      if (timestamp <= prev) {
        return;
      }
    } while (!last.compareAndSet(prev, timestamp));
  }
}
