package dev.cloudnative.mesh.balancer;

import dev.cloudnative.mesh.MeshRequest;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Consistent hashing by Maglev (Eisenbud et al., NSDI 2016), weighted as in Envoy.
 *
 * <p>Algorithm: each endpoint derives, from the hash of its id, a permutation of the slots of a
 * prime-sized lookup table ({@code offset + j·skip mod M}). Endpoints take turns claiming their
 * next free preferred slot until the table is full; an endpoint of half the maximum weight takes a
 * turn every other round. A pick is then one hash of the request's key and one array read. Because
 * preferences depend only on endpoint ids, adding or removing one endpoint of n moves about 1/n of
 * the keys (plus a small Maglev overshoot), and every endpoint owns within a few percent of its
 * weighted share when M ≥ 100·n. Requests without a hash key are spread at random.
 *
 * <p>Table size: the smallest prime ≥ max(65,537, 100·n), capped at 5,000,011 (20 MB of ints).
 * Building costs O(M log M); picks are O(1). Immutable; thread-safe; allocation-free per pick.
 */
public final class MaglevBalancer implements Balancer {

  private static final int MIN_TABLE = 65_537;
  private static final int MAX_TABLE = 5_000_011;

  private final int[] table;
  private final int size;

  /**
   * @param ids stable endpoint identities (their hashes place the endpoints)
   * @param weights positive weights, same order
   */
  public MaglevBalancer(String[] ids, int[] weights) {
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(weights, "weights");
    int n = ids.length;
    if (n == 0 || n != weights.length) {
      throw new IllegalArgumentException(
          "Maglev needs matching, non-empty ids and weights, found "
              + n
              + " and "
              + weights.length);
    }
    this.size = n;
    int m = nextPrime((int) Math.min(MAX_TABLE, Math.max(MIN_TABLE, 100L * n)));
    this.table = populate(ids, weights, m);
  }

  /**
   * @return the lookup table's size (prime)
   */
  public int tableSize() {
    return table.length;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int pick(MeshRequest request) {
    String key = Objects.requireNonNull(request, "request").hashKey();
    if (key.isEmpty()) {
      return ThreadLocalRandom.current().nextInt(size);
    }
    return pickByHash(Hashing.hash(key, 0));
  }

  /**
   * @return the endpoint owning {@code hash}
   */
  public int pickByHash(long hash) {
    return table[(int) Long.remainderUnsigned(hash, table.length)];
  }

  private static int[] populate(String[] ids, int[] weights, int m) {
    int n = ids.length;
    // position[i] walks endpoint i's permutation offset, offset + skip, offset + 2·skip, ... (mod
    // m) by addition.
    int[] position = new int[n];
    int[] skip = new int[n];
    double[] normalized = new double[n];
    double[] target = new double[n];
    int maxWeight = 0;
    for (int w : weights) {
      maxWeight = Math.max(maxWeight, w);
    }
    for (int i = 0; i < n; i++) {
      position[i] = (int) Long.remainderUnsigned(Hashing.hash(ids[i], 0x5bd1e995L), m);
      skip[i] = (int) Long.remainderUnsigned(Hashing.hash(ids[i], 0x1b873593L), m - 1) + 1;
      normalized[i] = (double) weights[i] / maxWeight;
    }
    int[] entries = new int[m];
    java.util.Arrays.fill(entries, -1);
    int filled = 0;
    for (long round = 1; filled < m; round++) {
      for (int i = 0; i < n && filled < m; i++) {
        if (round * normalized[i] < target[i]) {
          continue;
        }
        target[i] += 1.0;
        int slot = position[i];
        while (entries[slot] >= 0) {
          slot = advance(slot, skip[i], m);
        }
        entries[slot] = i;
        position[i] = advance(slot, skip[i], m);
        filled++;
      }
    }
    return entries;
  }

  private static int advance(int slot, int skip, int m) {
    int next = slot + skip;
    return next >= m ? next - m : next;
  }

  static int nextPrime(int from) {
    for (int candidate = from | 1; ; candidate += 2) {
      if (isPrime(candidate)) {
        return candidate;
      }
    }
  }

  private static boolean isPrime(int v) {
    if (v < 2) {
      return false;
    }
    if (v % 2 == 0) {
      return v == 2;
    }
    for (int d = 3; (long) d * d <= v; d += 2) {
      if (v % d == 0) {
        return false;
      }
    }
    return true;
  }
}
