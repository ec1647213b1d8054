package dev.cloudnative.mesh.stats;

import dev.cloudnative.mesh.LatencySnapshot;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records latencies into {@link LatencySnapshot}'s log-linear buckets: a leading-zero count and a
 * shift find the bucket, an atomic increment counts it. No allocation per record. Thread-safe.
 */
public final class LatencyRecorder {

  private final AtomicLongArray counts = new AtomicLongArray(LatencySnapshot.BUCKETS);
  private final LongAdder sum = new LongAdder();
  private final LongAccumulator max = new LongAccumulator(Math::max, 0);

  public void record(long nanos) {
    counts.getAndIncrement(LatencySnapshot.bucketOf(nanos));
    sum.add(nanos);
    if (nanos > max.get()) {
      max.accumulate(nanos);
    }
  }

  public LatencySnapshot snapshot() {
    long[] copy = new long[LatencySnapshot.BUCKETS];
    long total = 0;
    for (int i = 0; i < copy.length; i++) {
      copy[i] = counts.get(i);
      total += copy[i];
    }
    return new LatencySnapshot(copy, total, sum.sum(), max.get());
  }
}
