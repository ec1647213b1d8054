package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.HedgePolicy;
import dev.cloudnative.mesh.LatencySnapshot;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The hedge delay of one subset: the policy's fixed delay, or the policy's percentile of the
 * subset's recent attempt latencies. Recent means two half-window histograms in {@link
 * LatencySnapshot}'s log-linear buckets, the older one cleared and reused when the newer one is a
 * half window old, so the percentile looks back between half a window and a window. A record is one
 * atomic increment; the percentile is recomputed at most every {@link #refreshNanos} (a scan of the
 * buckets) and read as a volatile {@code long} in between, so asking for the delay costs a read.
 * The percentile is a bucket's upper bound (within 12.5% above the true value). Until {@link
 * HedgePolicy#MIN_SAMPLES} latencies are in the window the fixed delay serves. Thread-safe:
 * recorders and readers race only on counts, and rotation and recomputation take this object's
 * lock.
 */
final class HedgeDelay {

  private final long fixedNanos;
  private final double percentile;
  private final long halfWindowNanos;
  private final long refreshNanos;
  private final AtomicLongArray[] halves = {
    new AtomicLongArray(LatencySnapshot.BUCKETS), new AtomicLongArray(LatencySnapshot.BUCKETS)
  };
  private volatile int current;
  private volatile long halfStart;
  private volatile long computedAt;
  private volatile long delayNanos;

  HedgeDelay(HedgePolicy policy, long nowNanos) {
    this.fixedNanos = policy.delay().toNanos();
    this.percentile = policy.percentile().orElse(Double.NaN);
    this.halfWindowNanos = policy.window().toNanos() / 2;
    this.refreshNanos = Math.max(1_000_000L, policy.window().toNanos() / 50);
    this.halfStart = nowNanos;
    this.computedAt = nowNanos;
    this.delayNanos = fixedNanos;
  }

  boolean adaptive() {
    return !Double.isNaN(percentile);
  }

  /**
   * @return the delay before a hedge of a call that starts at {@code nowNanos}
   */
  long delayNanos(long nowNanos) {
    if (!adaptive()) {
      return fixedNanos;
    }
    if (nowNanos - computedAt >= refreshNanos) {
      recompute(nowNanos);
    }
    return delayNanos;
  }

  /** Adds the latency of an attempt that ended (or was cut short) at {@code nowNanos}. */
  void record(long nanos, long nowNanos) {
    if (!adaptive()) {
      return;
    }
    if (nowNanos - halfStart >= halfWindowNanos) {
      rotate(nowNanos);
    }
    halves[current].incrementAndGet(LatencySnapshot.bucketOf(nanos));
  }

  private synchronized void rotate(long nowNanos) {
    long age = nowNanos - halfStart;
    if (age < halfWindowNanos) {
      return;
    }
    int next = 1 - current;
    clear(halves[next]);
    if (age >= 2 * halfWindowNanos) {
      // Nothing was recorded for a whole window: the newer half is stale too.
      clear(halves[current]);
    }
    current = next;
    halfStart = nowNanos;
  }

  private static void clear(AtomicLongArray counts) {
    for (int i = 0; i < counts.length(); i++) {
      counts.set(i, 0);
    }
  }

  private synchronized void recompute(long nowNanos) {
    if (nowNanos - computedAt < refreshNanos) {
      return;
    }
    if (nowNanos - halfStart >= halfWindowNanos) {
      rotate(nowNanos);
    }
    long total = 0;
    for (int i = 0; i < LatencySnapshot.BUCKETS; i++) {
      total += halves[0].get(i) + halves[1].get(i);
    }
    long delay = fixedNanos;
    if (total >= HedgePolicy.MIN_SAMPLES) {
      long rank = Math.max(1, (long) Math.ceil(total * percentile / 100.0));
      long seen = 0;
      for (int i = 0; i < LatencySnapshot.BUCKETS; i++) {
        seen += halves[0].get(i) + halves[1].get(i);
        if (seen >= rank) {
          delay = LatencySnapshot.bucketUpperBound(i);
          break;
        }
      }
    }
    delayNanos = delay;
    computedAt = nowNanos;
  }
}
