package dev.cloudnative.mesh;

import java.util.Arrays;
import java.util.Objects;

/**
 * A latency histogram at one point in time: log-linear buckets in the style of HdrHistogram (8
 * linear sub-buckets per power of two, so any reported value is within 12.5% of the truth).
 * Immutable; thread-safe.
 *
 * @param counts count per bucket ({@link #bucketLowerBound(int)} gives a bucket's range)
 * @param count total recorded values
 * @param sumNanos sum of recorded values
 * @param maxNanos largest recorded value
 */
public record LatencySnapshot(long[] counts, long count, long sumNanos, long maxNanos) {

  /** Linear sub-buckets per power of two, as a power of two. */
  public static final int SUB_BUCKET_BITS = 3;

  private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;

  /** Values up to 2^40 ns (~18 minutes) are distinguished; longer ones share the last bucket. */
  public static final int BUCKETS = (40 - SUB_BUCKET_BITS + 2) * SUB_BUCKETS;

  /** The empty histogram. */
  public static final LatencySnapshot EMPTY = new LatencySnapshot(new long[BUCKETS], 0, 0, 0);

  public LatencySnapshot {
    Objects.requireNonNull(counts, "counts");
    counts = counts.clone();
  }

  @Override
  public long[] counts() {
    return counts.clone();
  }

  /**
   * @return the bucket of {@code nanos}
   */
  public static int bucketOf(long nanos) {
    if (nanos < SUB_BUCKETS) {
      return nanos < 0 ? 0 : (int) nanos;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    int index =
        (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS
            + (int) ((nanos >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1));
    return Math.min(index, BUCKETS - 1);
  }

  /**
   * @return the smallest value of bucket {@code index}
   */
  public static long bucketLowerBound(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int exponent = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
    long sub = index % SUB_BUCKETS;
    return (SUB_BUCKETS + sub) << (exponent - SUB_BUCKET_BITS);
  }

  /**
   * @return the largest value of bucket {@code index}
   */
  public static long bucketUpperBound(int index) {
    return index + 1 < BUCKETS ? bucketLowerBound(index + 1) - 1 : Long.MAX_VALUE;
  }

  /**
   * @return the value (upper bucket bound, at most the maximum) at or below which {@code
   *     percentile}% of values lie; 0 when empty
   */
  public long percentileNanos(double percentile) {
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile was " + percentile + "; allowed 0..100");
    }
    if (count == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(count * percentile / 100.0));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(bucketUpperBound(i), maxNanos);
      }
    }
    return maxNanos;
  }

  public double meanNanos() {
    return count == 0 ? 0 : (double) sumNanos / count;
  }

  /**
   * @return the sum of this histogram and {@code other}
   */
  public LatencySnapshot merge(LatencySnapshot other) {
    Objects.requireNonNull(other, "other");
    long[] merged = counts.clone();
    for (int i = 0; i < merged.length; i++) {
      merged[i] += other.counts[i];
    }
    return new LatencySnapshot(
        merged, count + other.count, sumNanos + other.sumNanos, Math.max(maxNanos, other.maxNanos));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LatencySnapshot s
        && count == s.count
        && sumNanos == s.sumNanos
        && maxNanos == s.maxNanos
        && Arrays.equals(counts, s.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts) * 31 + Long.hashCode(count);
  }

  @Override
  public String toString() {
    return "LatencySnapshot[count="
        + count
        + ", p50="
        + percentileNanos(50)
        + "ns, p99="
        + percentileNanos(99)
        + "ns, max="
        + maxNanos
        + "ns]";
  }
}
