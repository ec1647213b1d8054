package dev.cloudnative.storage.hash;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.MovedRange;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Rebalance;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes {@link Rebalance} reports: exactly for two rings of the same kind (merging both
 * continua's boundaries and comparing owners arc by arc) and for two Maglev tables of the same size
 * (slot by slot), by sampling 2^20 hashes otherwise. Stateless and thread-safe.
 */
public final class Movement {
  private Movement() {}

  public static Rebalance between(NodeLocator before, NodeLocator after) {
    if (before.placement() != after.placement()) {
      throw new InvalidRequestException(
          "cannot compare "
              + before.placement()
              + " with "
              + after.placement()
              + ": they hash keys differently");
    }
    if (before instanceof ContinuumLocator b && after instanceof ContinuumLocator a) {
      return rings(b, a);
    }
    if (before instanceof MaglevLocator b
        && after instanceof MaglevLocator a
        && b.tableSize() == a.tableSize()) {
      int moved = 0;
      for (int s = 0; s < b.tableSize(); s++) {
        if (!b.ids.get(b.slotOwner(s)).equals(a.ids.get(a.slotOwner(s)))) {
          moved++;
        }
      }
      return new Rebalance((double) moved / b.tableSize(), List.of(), true, -1, -1);
    }
    int moved = 0;
    for (int i = 0; i < MurmurKeyedLocator.SHARE_SAMPLES; i++) {
      long h = Murmur3.fmix64(i + 1L);
      if (!before.nodes().get(before.primary(h)).equals(after.nodes().get(after.primary(h)))) {
        moved++;
      }
    }
    return new Rebalance(
        (double) moved / MurmurKeyedLocator.SHARE_SAMPLES, List.of(), false, -1, -1);
  }

  private static Rebalance rings(ContinuumLocator before, ContinuumLocator after) {
    long[] p = before.points();
    long[] q = after.points();
    long pm = before.ownerMask();
    long qm = after.ownerMask();
    // Every boundary of either ring ends an elementary arc whose owner in each ring is the owner of
    // that
    // ring's first point at or after the boundary.
    long[] bounds = new long[p.length + q.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < p.length || j < q.length) {
      long x = i < p.length ? p[i] & ~pm : -1;
      long y = j < q.length ? q[j] & ~qm : -1;
      long next;
      if (j >= q.length || (i < p.length && Long.compareUnsigned(x, y) <= 0)) {
        next = x;
        i++;
        if (j < q.length && x == y) {
          j++;
        }
      } else {
        next = y;
        j++;
      }
      bounds[n++] = next;
    }
    List<MovedRange> ranges = new ArrayList<>();
    double moved = 0;
    for (int k = 0; k < n; k++) {
      long end = bounds[k];
      long start = bounds[k == 0 ? n - 1 : k - 1];
      String from = before.nodes().get(before.primary(unposition(before, end)));
      String to = after.nodes().get(after.primary(unposition(after, end)));
      if (!from.equals(to)) {
        double arc = n == 1 ? 1.0 : PackedRing.unsigned(end - start) / 0x1p64;
        moved += arc;
        MovedRange last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
        if (last != null
            && last.end() == start
            && last.from().equals(from)
            && last.to().equals(to)) {
          ranges.set(ranges.size() - 1, new MovedRange(last.start(), end, from, to));
        } else {
          ranges.add(new MovedRange(start, end, from, to));
        }
      }
    }
    return new Rebalance(moved, ranges, true, -1, -1);
  }

  /** The key hash whose ring position is {@code position}. */
  private static long unposition(ContinuumLocator l, long position) {
    return l instanceof KetamaLocator ? position >>> 32 : position;
  }
}
