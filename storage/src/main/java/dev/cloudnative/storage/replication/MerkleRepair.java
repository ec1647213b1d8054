package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.AntiEntropyReport;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import dev.cloudnative.storage.hash.Murmur3;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * One Merkle-tree anti-entropy cycle. Every reachable node is scanned once to build, for each peer
 * it shares keys with, a hash tree per range: {@code leavesPerRange} leaves (a power of two) nested
 * in the store's recovery ranges (see {@link KeyRanges}), each leaf the sum of the hashes of its
 * entries' key and version, so the scan order does not matter. The two trees of each pair are
 * compared top-down per range, exchanging only the hashes of the subtrees that differ; then each
 * node with a differing leaf is scanned again for the (key, version) digests of those leaves'
 * entries, the two sides' digests are compared, and only the entries one side holds newer (or the
 * other lacks) are read and sent, newer-wins. A node in sync costs its scan and one root hash per
 * range and peer; nothing is written. Nodes in {@code first} (the recovering ones) are scanned
 * first. Not thread-safe: one cycle at a time, on the caller's thread (the store serialises
 * cycles).
 */
final class MerkleRepair {
  private final NodeLocator locator;
  private final Map<String, StorageNode> nodes;
  private final Predicate<String> up;
  private final BiConsumer<String, RuntimeException> markDown;
  private final ByteRateLimiter limiter;
  private final int replicas;
  private final int ranges;
  private final int perRange;
  private final int leaves;
  private final List<String> ids;
  private final boolean[] included;
  private final long[][][] trees;
  private final BitSet[][] differing;
  private final Map<ByteBuffer, Version>[][] digests;
  private long rangesCompared;
  private long leavesDiffering;
  private long scanned;
  private long repaired;
  private long bytesMoved;
  private long hashBytes;

  MerkleRepair(
      NodeLocator locator,
      Map<String, StorageNode> nodes,
      Predicate<String> up,
      BiConsumer<String, RuntimeException> markDown,
      ByteRateLimiter limiter,
      int replicas,
      int ranges,
      int perRange) {
    this.locator = locator;
    this.nodes = nodes;
    this.up = up;
    this.markDown = markDown;
    this.limiter = limiter;
    this.replicas = replicas;
    this.ranges = ranges;
    this.perRange = perRange;
    this.leaves = ranges * perRange;
    this.ids = locator.nodes();
    int n = ids.size();
    this.included = new boolean[n];
    this.trees = new long[n][n][];
    this.differing = new BitSet[n][n];
    @SuppressWarnings("unchecked")
    Map<ByteBuffer, Version>[][] d = new Map[n][n];
    this.digests = d;
  }

  /** Thrown out of a scan when the limiter's sleep was interrupted (the store closing). */
  private static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Interrupted() {
      super("interrupted", null, false, false);
    }
  }

  /** Runs the cycle; {@code first} are scanned first. */
  AntiEntropyReport run(Set<String> first) throws InterruptedException {
    long start = System.nanoTime();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      included[i] = nodes.containsKey(id) && up.test(id);
      if (included[i]) {
        if (first.contains(id)) {
          order.add(0, i);
        } else {
          order.add(i);
        }
      }
    }
    try {
      for (int a : order) {
        build(a);
      }
      compare();
      for (int a : order) {
        digest(a);
      }
      for (int a : order) {
        for (int b = 0; b < ids.size(); b++) {
          push(a, b);
        }
      }
    } catch (Interrupted e) {
      throw new InterruptedException("anti-entropy interrupted");
    }
    return new AntiEntropyReport(
        rangesCompared,
        leavesDiffering,
        scanned,
        repaired,
        bytesMoved,
        hashBytes,
        Duration.ofNanos(System.nanoTime() - start),
        Instant.now());
  }

  private void pace(long bytes) {
    try {
      limiter.acquire(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Interrupted();
    }
  }

  /** Hash of one entry: its key hash mixed with its version and tombstone bit. */
  static long entryHash(long keyHash, VersionedValue v) {
    long h = keyHash ^ Murmur3.fmix64(v.version().timestamp() * 0x9E3779B97F4A7C15L);
    h ^= Murmur3.fmix64(v.version().writer() + (v.isTombstone() ? 0x632BE59BD9B4E019L : 0));
    return Murmur3.fmix64(h);
  }

  private static long mix(long left, long right) {
    return Murmur3.fmix64(left ^ Long.rotateLeft(right, 29) ^ 0xC2B2AE3D27D4EB4FL);
  }

  /** Scans node {@code a} into its trees towards every included peer that shares keys with it. */
  private void build(int a) {
    if (!included[a]) {
      return;
    }
    StorageNode node = nodes.get(ids.get(a));
    int[] prefs = new int[replicas];
    long[][] mine = trees[a];
    try {
      node.forEach(
          (key, v) -> {
            pace(key.length + v.value().length);
            scanned++;
            int k = locator.preferenceList(locator.hash(key), replicas, prefs);
            if (!owns(prefs, k, a)) {
              return; // a stray copy (a finished hand-off): not this node's to compare
            }
            long kh = KeyRanges.hash(key);
            int leaf = KeyRanges.slice(kh, leaves);
            long eh = entryHash(kh, v);
            for (int i = 0; i < k; i++) {
              int b = prefs[i];
              if (b != a && included[b]) {
                long[] t = mine[b];
                if (t == null) {
                  t = mine[b] = new long[leaves];
                }
                t[leaf] += eh;
              }
            }
          });
    } catch (Interrupted e) {
      throw e;
    } catch (RuntimeException e) {
      markDown.accept(ids.get(a), e);
      included[a] = false;
    }
  }

  private static boolean owns(int[] prefs, int k, int a) {
    for (int i = 0; i < k; i++) {
      if (prefs[i] == a) {
        return true;
      }
    }
    return false;
  }

  /** Compares each pair's trees range by range, top-down, and records the differing leaves. */
  private void compare() {
    long[] ha = new long[2 * perRange];
    long[] hb = new long[2 * perRange];
    for (int a = 0; a < ids.size(); a++) {
      for (int b = a + 1; b < ids.size(); b++) {
        if (!included[a] || !included[b]) {
          continue;
        }
        long[] ta = trees[a][b];
        long[] tb = trees[b][a];
        if (ta == null && tb == null) {
          continue; // no keys in common
        }
        BitSet diff = new BitSet(leaves);
        for (int r = 0; r < ranges; r++) {
          heap(ta, r, ha);
          heap(tb, r, hb);
          rangesCompared++;
          descend(ha, hb, 1, r, diff);
        }
        if (!diff.isEmpty()) {
          leavesDiffering += diff.cardinality();
          differing[a][b] = diff;
          differing[b][a] = diff;
        }
      }
    }
  }

  /** Range {@code r}'s tree in heap layout: leaves at [perRange, 2 perRange), root at 1. */
  private void heap(long[] tree, int r, long[] heap) {
    for (int i = 0; i < perRange; i++) {
      heap[perRange + i] = tree == null ? 0 : tree[r * perRange + i];
    }
    for (int i = perRange - 1; i >= 1; i--) {
      heap[i] = mix(heap[2 * i], heap[2 * i + 1]);
    }
  }

  private void descend(long[] ha, long[] hb, int i, int r, BitSet diff) {
    hashBytes += 16; // one hash from each side
    if (ha[i] == hb[i]) {
      return;
    }
    if (i >= perRange) {
      diff.set(r * perRange + i - perRange);
      return;
    }
    descend(ha, hb, 2 * i, r, diff);
    descend(ha, hb, 2 * i + 1, r, diff);
  }

  /**
   * Scans node {@code a} for the entries of its differing leaves and keeps their (key, version)
   * digests per peer: what the two replicas of a differing leaf exchange before any value.
   */
  private void digest(int a) {
    if (!included[a] || !hasDiff(a)) {
      return;
    }
    StorageNode node = nodes.get(ids.get(a));
    int[] prefs = new int[replicas];
    try {
      node.forEach(
          (key, v) -> {
            scanned++;
            int leaf = KeyRanges.slice(KeyRanges.hash(key), leaves);
            int k = -1;
            for (int b = 0; b < ids.size(); b++) {
              BitSet d = differing[a][b];
              if (d == null || !d.get(leaf) || !included[b]) {
                continue;
              }
              if (k < 0) {
                k = locator.preferenceList(locator.hash(key), replicas, prefs);
                if (!owns(prefs, k, a)) {
                  return;
                }
              }
              if (owns(prefs, k, b)) {
                pace(key.length + Version.HEX_LENGTH / 2);
                Map<ByteBuffer, Version> m = digests[a][b];
                if (m == null) {
                  m = digests[a][b] = new HashMap<>();
                }
                m.put(ByteBuffer.wrap(key), v.version());
                hashBytes += key.length + Version.HEX_LENGTH / 2;
              }
            }
          });
    } catch (Interrupted e) {
      throw e;
    } catch (RuntimeException e) {
      markDown.accept(ids.get(a), e);
      included[a] = false;
    }
  }

  /**
   * Sends each entry node {@code a} holds newer than peer {@code b} (or that {@code b} lacks) in
   * their differing leaves, newer-wins: only the entries that differ move.
   */
  private void push(int a, int b) {
    Map<ByteBuffer, Version> mine = digests[a][b];
    if (mine == null || !included[a] || !included[b]) {
      return;
    }
    Map<ByteBuffer, Version> theirs = digests[b][a] == null ? Map.of() : digests[b][a];
    StorageNode source = nodes.get(ids.get(a));
    StorageNode target = nodes.get(ids.get(b));
    for (Map.Entry<ByteBuffer, Version> e : mine.entrySet()) {
      Version other = theirs.get(e.getKey());
      if (other != null && !e.getValue().isNewerThan(other)) {
        continue;
      }
      byte[] key = e.getKey().array();
      Optional<VersionedValue> v;
      try {
        v = source.get(key);
      } catch (RuntimeException ex) {
        markDown.accept(source.id(), ex);
        included[a] = false;
        return;
      }
      if (v.isEmpty()) {
        continue; // purged meanwhile
      }
      long bytes = key.length + v.get().value().length;
      pace(bytes);
      try {
        if (target.putIfNewer(key, v.get())) {
          repaired++;
        }
        bytesMoved += bytes;
      } catch (RuntimeException ex) {
        markDown.accept(target.id(), ex);
        included[b] = false;
        return;
      }
    }
  }

  private boolean hasDiff(int a) {
    for (BitSet d : differing[a]) {
      if (d != null) {
        return true;
      }
    }
    return false;
  }
}
