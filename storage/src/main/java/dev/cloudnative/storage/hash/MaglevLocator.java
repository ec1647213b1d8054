package dev.cloudnative.storage.hash;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Placement;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Maglev hashing (Eisenbud et al., NSDI 2016): every node walks its own permutation of a
 * prime-sized table ({@code offset + j·skip mod M}, both from hashes of its id) and the nodes take
 * turns claiming the next free slot until the table is full; a weight-w node takes w slots per
 * turn. A key maps to {@code table[hash mod M]}: one array read, O(1) regardless of node count, and
 * shares within a few percent of perfect. Membership changes move more than the minimum, and the
 * excess grows as M/n shrinks (measured: 1.03× the changed node's share at n=10, 1.5× at n=100 and
 * ~7× at n=1000 with M=65537), so choose M ≥ 100·n for large fleets. Replicas are the next distinct
 * owners along the table, which is well mixed, so a preference list of 3 costs a few extra reads.
 * Immutable and thread-safe.
 */
public final class MaglevLocator extends MurmurKeyedLocator {
  /** Default table size (prime). */
  public static final int DEFAULT_TABLE_SIZE = 65537;

  private final int[] table;

  private MaglevLocator(List<String> ids, int[] weights, int m) {
    super(ids, weights);
    this.table = populate(ids, weights, m);
  }

  public static MaglevLocator of(Map<String, Integer> nodes) {
    return of(nodes, DEFAULT_TABLE_SIZE);
  }

  /**
   * @param tableSize a prime larger than the number of nodes (ideally ≥ 100× it)
   */
  public static MaglevLocator of(Map<String, Integer> nodes, int tableSize) {
    List<String> ids = new ArrayList<>(nodes.keySet());
    int[] w = ContinuumLocator.weightsOf(nodes, ids, 1 << 20);
    long sumWeights = 0;
    for (int x : w) {
      sumWeights += x;
    }
    if (tableSize < 3
        || tableSize > 50_000_017
        || !BigInteger.valueOf(tableSize).isProbablePrime(30)) {
      throw new InvalidRequestException(
          "Maglev table size must be a prime in 3..50000017, found " + tableSize);
    }
    if (sumWeights > tableSize) {
      throw new InvalidRequestException(
          "Maglev table size "
              + tableSize
              + " is smaller than the total weight "
              + sumWeights
              + "; choose a prime larger than that");
    }
    return new MaglevLocator(ids, w, tableSize);
  }

  private static int[] populate(List<String> ids, int[] weights, int m) {
    int n = ids.size();
    long[] offset = new long[n];
    long[] skip = new long[n];
    long[] next = new long[n];
    for (int i = 0; i < n; i++) {
      byte[] id = ids.get(i).getBytes(StandardCharsets.UTF_8);
      offset[i] = Long.remainderUnsigned(Murmur3.hash64(id, 0xA11CE), m);
      skip[i] = Long.remainderUnsigned(Murmur3.hash64(id, 0xB0B), m - 1) + 1;
    }
    int[] t = new int[m];
    java.util.Arrays.fill(t, -1);
    int filled = 0;
    while (true) {
      for (int i = 0; i < n; i++) {
        for (int turn = 0; turn < weights[i]; turn++) {
          int c = (int) ((offset[i] + next[i] * skip[i]) % m);
          while (t[c] >= 0) {
            next[i]++;
            c = (int) ((offset[i] + next[i] * skip[i]) % m);
          }
          t[c] = i;
          next[i]++;
          if (++filled == m) {
            return t;
          }
        }
      }
    }
  }

  /** Table size M. */
  public int tableSize() {
    return table.length;
  }

  /** Owner of table slot {@code slot} (exposed for exact movement reports). */
  int slotOwner(int slot) {
    return table[slot];
  }

  int slot(long hash) {
    return Murmur3.reduce(hash, table.length);
  }

  @Override
  public int primary(long hash) {
    return table[Murmur3.reduce(hash, table.length)];
  }

  @Override
  public int preferenceList(long hash, int count, int[] out) {
    int want = Math.min(count, ids.size());
    if (want <= 0) {
      return 0;
    }
    int[] t = table;
    int m = t.length;
    int j = Murmur3.reduce(hash, m);
    int o0 = t[j];
    out[0] = o0;
    int o1 = -1;
    int k = 1;
    for (int steps = 1; k < want && steps < m; steps++) {
      if (++j == m) {
        j = 0;
      }
      int o = t[j];
      if (o == o0 || o == o1) {
        continue;
      }
      if (k == 1) {
        o1 = o;
        out[k++] = o;
      } else if (!contains(out, k, o)) {
        out[k++] = o;
      }
    }
    return k;
  }

  @Override
  public double[] shares() {
    double[] s = new double[ids.size()];
    for (int o : table) {
      s[o] += 1.0 / table.length;
    }
    return s;
  }

  @Override
  public NodeLocator withNode(String id, int weight) {
    Map<String, Integer> m = asMap();
    if (m.putIfAbsent(id, weight) != null) {
      throw new InvalidRequestException(
          "node '" + id + "' is already placed; allowed: an id not in " + ids);
    }
    return of(m, table.length);
  }

  @Override
  public NodeLocator withoutNode(String id) {
    Map<String, Integer> m = asMap();
    if (m.remove(id) == null) {
      throw new InvalidRequestException("node '" + id + "' is not placed; nodes are " + ids);
    }
    return of(m, table.length);
  }

  @Override
  public Placement placement() {
    return Placement.MAGLEV;
  }

  @Override
  public String toString() {
    return "MaglevLocator" + asMap() + " M=" + table.length;
  }
}
