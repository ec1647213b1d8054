package dev.cloudnative.mesh.balancer;

import java.util.Objects;

/**
 * Maps a uniform 32-bit value onto endpoints in proportion to their weights, in expected O(1) and
 * without allocation. It is never a list expanded by weight: memory is O(n) whatever the weights.
 *
 * <p>Algorithm: endpoint {@code i} owns the interval {@code [bound[i-1], bound[i])} of {@code [0,
 * 2^32)}, whose length is proportional to its weight (prefix sums scaled to 2^32). A guide table of
 * {@code g >= n} equal buckets (g a power of two) stores, for each bucket, the endpoint owning the
 * bucket's start; a lookup jumps there with a shift and walks forward over the few boundaries
 * inside the bucket. Because a bucket is entered with probability 1/g and the n boundaries are
 * shared among g buckets, the expected walk is at most n/g ≤ 1 step whatever the weight skew (the
 * indexed-search method of Chen and Asau, 1974). Immutable; thread-safe.
 */
public final class IntervalTable {

  private static final long SPAN = 1L << 32;

  private final long[] bounds;
  private final int[] guide;
  private final int guideShift;

  /**
   * @param weights positive weights, at least one
   */
  public IntervalTable(int[] weights) {
    Objects.requireNonNull(weights, "weights");
    int n = weights.length;
    if (n == 0) {
      throw new IllegalArgumentException(
          "An interval table was given no weight; allowed one or more positive weights");
    }
    long total = 0;
    for (int w : weights) {
      if (w <= 0) {
        throw new IllegalArgumentException("weight was " + w + "; allowed >= 1");
      }
      total += w;
    }
    bounds = new long[n];
    long cumulative = 0;
    for (int i = 0; i < n; i++) {
      cumulative += weights[i];
      // Doubles carry 53 bits: exact enough for n * MAX_WEIGHT below 2^40.
      bounds[i] = i == n - 1 ? SPAN : (long) ((double) cumulative / total * SPAN);
    }
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
    bits = Math.min(bits + 1, 24);
    guideShift = 32 - bits;
    guide = new int[1 << bits];
    int owner = 0;
    for (int b = 0; b < guide.length; b++) {
      long start = (long) b << guideShift;
      while (bounds[owner] <= start) {
        owner++;
      }
      guide[b] = owner;
    }
  }

  public int size() {
    return bounds.length;
  }

  /**
   * @return the endpoint owning {@code u}, taken as an unsigned 32-bit value
   */
  public int lookup(int u) {
    long value = u & 0xFFFF_FFFFL;
    int i = guide[(int) (value >>> guideShift)];
    long[] b = bounds;
    while (value >= b[i]) {
      i++;
    }
    return i;
  }
}
