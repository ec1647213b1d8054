package dev.cloudnative.storage.hash;

import java.util.Arrays;

/**
 * The sorted continuum shared by {@link RingLocator} and {@link KetamaLocator}: one {@code long[]}
 * whose entries hold a point's position in the high bits and its owner's node index in the low
 * {@code ownerBits}, sorted unsigned. Packing the owner into the point means a lookup touches one
 * array, not two; a prefix table indexed by the top bits of the key narrows the search to about one
 * entry, so lookups take two cache misses instead of a binary search's ~17. Immutable and
 * thread-safe.
 *
 * <p>Colliding positions keep the point added last, as {@code TreeMap.put} in spymemcached does.
 */
final class PackedRing {
  final long[] points;
  private final int[] table;
  private final int shift;
  final long ownerMask;

  /**
   * @param positions point positions (only the bits above {@code ownerBits} are used)
   * @param owners owner index of each point
   * @param count number of points in the arrays
   */
  PackedRing(long[] positions, int[] owners, int count, int ownerBits) {
    this.ownerMask = ownerBits == 64 ? -1L : (1L << ownerBits) - 1;
    long[] packed = new long[count];
    // Sort by (position, insertion order) so the last of equal positions can be kept.
    long[][] tmp = new long[count][];
    for (int i = 0; i < count; i++) {
      tmp[i] = new long[] {positions[i] & ~ownerMask, i, owners[i]};
    }
    Arrays.sort(
        tmp,
        (a, b) -> {
          int c = Long.compareUnsigned(a[0], b[0]);
          return c != 0 ? c : Long.compare(a[1], b[1]);
        });
    int n = 0;
    for (int i = 0; i < count; i++) {
      long pos = tmp[i][0];
      if (i + 1 < count && tmp[i + 1][0] == pos) {
        continue; // a later point at the same position wins
      }
      packed[n++] = pos | tmp[i][2];
    }
    this.points = Arrays.copyOf(packed, n);
    int bits = 1;
    while (bits < 20 && (1 << bits) < n) {
      bits++;
    }
    this.shift = 64 - bits;
    int size = 1 << bits;
    this.table = new int[size + 1];
    int j = 0;
    for (int b = 0; b < size; b++) {
      while (j < n && (points[j] >>> shift) < b) {
        j++;
      }
      table[b] = j;
    }
    table[size] = n;
  }

  /**
   * Index of the first point at or after {@code key} (whose owner bits must be zero), wrapping to
   * 0.
   */
  int find(long key) {
    int b = (int) (key >>> shift);
    int j = table[b];
    int end = table[b + 1];
    long[] p = points;
    while (j < end && Long.compareUnsigned(p[j], key) < 0) {
      j++;
    }
    return j == p.length ? 0 : j;
  }

  int owner(int pointIndex) {
    return (int) (points[pointIndex] & ownerMask);
  }

  int preferenceList(long key, int count, int[] out, int nodes) {
    int want = Math.min(count, nodes);
    if (want <= 0) {
      return 0;
    }
    long[] p = points;
    long mask = ownerMask;
    int last = p.length - 1;
    int j = find(key);
    int o0 = (int) (p[j] & mask);
    out[0] = o0;
    if (want == 1) {
      return 1;
    }
    // Replication factors are small: the first owners stay in registers and the common N <= 3 walks
    // straight-line
    // loops (a ring of distinct owners has at least `want` of them, so every loop ends).
    int o1;
    do {
      j = j == last ? 0 : j + 1;
      o1 = (int) (p[j] & mask);
    } while (o1 == o0);
    out[1] = o1;
    if (want == 2) {
      return 2;
    }
    int o2;
    do {
      j = j == last ? 0 : j + 1;
      o2 = (int) (p[j] & mask);
    } while (o2 == o0 || o2 == o1);
    out[2] = o2;
    int k = 3;
    for (int steps = 0; k < want && steps <= last; steps++) {
      j = j == last ? 0 : j + 1;
      int o = (int) (p[j] & mask);
      boolean dup = false;
      for (int i = 0; i < k; i++) {
        if (out[i] == o) {
          dup = true;
          break;
        }
      }
      if (!dup) {
        out[k++] = o;
      }
    }
    return k;
  }

  /** Exact primary share of each owner: the arc ending at each of its points. */
  double[] shares(int nodes) {
    double[] s = new double[nodes];
    int len = points.length;
    for (int j = 0; j < len; j++) {
      long cur = points[j] & ~ownerMask;
      long prev = points[j == 0 ? len - 1 : j - 1] & ~ownerMask;
      long arc = cur - prev; // unsigned arc length modulo 2^64
      double a = len == 1 ? 1.0 : unsigned(arc) / 0x1p64;
      s[owner(j)] += a;
    }
    return s;
  }

  static double unsigned(long v) {
    return v >= 0 ? v : (double) (v >>> 1) * 2.0;
  }
}
