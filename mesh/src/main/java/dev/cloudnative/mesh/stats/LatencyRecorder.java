package dev.cloudnative.mesh.stats;

import dev.cloudnative.mesh.LatencySnapshot;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Records latencies into {@link LatencySnapshot}'s log-linear buckets: a leading-zero count and a
 * shift find the bucket, an atomic increment counts it. Each thread counts into the buckets of its
 * own stripe (created on the stripe's first record, like {@link StripedCounter}'s cells), because
 * callers that take turns on an endpoint record similar latencies into the same bucket and would
 * otherwise move its cache line between cores on every record; a snapshot adds the stripes. No
 * allocation per record after a stripe's first. Thread-safe.
 */
public final class LatencyRecorder {

  private static final int STRIPES = StripedCounter.STRIPES;

  private final AtomicReferenceArray<AtomicLongArray> stripes = new AtomicReferenceArray<>(STRIPES);
  private final StripedCounter sum = new StripedCounter();
  private final LongAccumulator max = new LongAccumulator(Math::max, 0);

  public void record(long nanos) {
    counts().getAndIncrement(LatencySnapshot.bucketOf(nanos));
    sum.add(nanos);
    if (nanos > max.get()) {
      max.accumulate(nanos);
    }
  }

  public LatencySnapshot snapshot() {
    long[] copy = new long[LatencySnapshot.BUCKETS];
    long total = 0;
    for (int s = 0; s < STRIPES; s++) {
      AtomicLongArray counts = stripes.get(s);
      if (counts == null) {
        continue;
      }
      for (int i = 0; i < copy.length; i++) {
        long n = counts.get(i);
        copy[i] += n;
        total += n;
      }
    }
    return new LatencySnapshot(copy, total, sum.sum(), max.get());
  }

  private AtomicLongArray counts() {
    int stripe = StripedCounter.stripeOfCurrentThread();
    AtomicLongArray counts = stripes.get(stripe);
    if (counts == null) {
      AtomicLongArray created = new AtomicLongArray(LatencySnapshot.BUCKETS);
      counts = stripes.compareAndExchange(stripe, null, created);
      if (counts == null) {
        counts = created;
      }
    }
    return counts;
  }
}
