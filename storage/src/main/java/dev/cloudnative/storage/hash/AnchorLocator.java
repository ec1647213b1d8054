package dev.cloudnative.storage.hash;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Placement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * AnchorHash (Mendelson, Vargaftik, Barabash, Lorenz, Keslassy, Orda; IEEE/ACM ToN 2021):
 * consistent hashing with minimal disruption when <em>any</em> node is removed, which none of the
 * Java anchors (Guava jump, hash4j JumpBackHash, Ketama rings) offer without remapping.
 *
 * <p>A fixed "anchor" of {@code a} buckets holds the working set. A key first hashes uniformly onto
 * the anchor; if that bucket is removed, the key rehashes (seeded with the bucket) into the working
 * set as it was just after that bucket's removal, {@code [0, A[b])}, following the replacement
 * chain {@code K} for any position whose bucket was removed earlier. Removing a bucket therefore
 * only moves the keys that were on it, and re-adding it (LIFO) restores them exactly. Expected
 * lookup cost is O(1 + ln(a/w)).
 *
 * <p>Membership history matters: two locators built from the same set through different removal
 * orders may map keys differently, so a store keeps one locator lineage. Growing past the capacity
 * rebuilds the anchor with twice the capacity, which remaps keys like a fresh build. Unweighted.
 * Immutable (each change copies the small arrays) and thread-safe.
 */
public final class AnchorLocator extends MurmurKeyedLocator {
  private final int[] anchor; // A: 0 = working, else working-set size right after removal
  private final int[] replacement; // K
  private final int[] working; // W
  private final int[] location; // L
  private final int[] removed; // R stack
  private final int removedTop;
  private final int workingSize; // N
  private final String[] bucketIds;
  private final int[] bucketToIndex;

  private AnchorLocator(
      int[] a, int[] k, int[] w, int[] l, int[] r, int rTop, int n, String[] bucketIds) {
    super(idsOf(bucketIds, a), ones(n));
    this.anchor = a;
    this.replacement = k;
    this.working = w;
    this.location = l;
    this.removed = r;
    this.removedTop = rTop;
    this.workingSize = n;
    this.bucketIds = bucketIds;
    this.bucketToIndex = new int[a.length];
    Arrays.fill(bucketToIndex, -1);
    int idx = 0;
    for (int b = 0; b < a.length; b++) {
      if (bucketIds[b] != null && a[b] == 0) {
        bucketToIndex[b] = idx++;
      }
    }
  }

  private static List<String> idsOf(String[] bucketIds, int[] a) {
    List<String> ids = new ArrayList<>();
    for (int b = 0; b < a.length; b++) {
      if (bucketIds[b] != null && a[b] == 0) {
        ids.add(bucketIds[b]);
      }
    }
    return ids;
  }

  private static int[] ones(int n) {
    int[] w = new int[n];
    Arrays.fill(w, 1);
    return w;
  }

  /** An anchor of capacity {@code max(64, 2 × nodes)}. */
  public static AnchorLocator of(Map<String, Integer> nodes) {
    return of(nodes, Math.max(64, nodes.size() * 2));
  }

  /**
   * @param capacity anchor size: the most nodes the locator can hold without a remapping rebuild
   */
  public static AnchorLocator of(Map<String, Integer> nodes, int capacity) {
    requireUnitWeights(nodes, "ANCHOR");
    List<String> ids = new ArrayList<>(nodes.keySet());
    ContinuumLocator.weightsOf(nodes, ids, Integer.MAX_VALUE);
    if (capacity < ids.size() || capacity > 1 << 24) {
      throw new InvalidRequestException(
          "anchor capacity must be in "
              + ids.size()
              + ".."
              + (1 << 24)
              + " (at least the node count), found "
              + capacity);
    }
    int a = capacity;
    int w = ids.size();
    int[] A = new int[a];
    int[] K = new int[a];
    int[] W = new int[a];
    int[] L = new int[a];
    int[] R = new int[a];
    int top = 0;
    for (int b = 0; b < a; b++) {
      K[b] = b;
      W[b] = b;
      L[b] = b;
    }
    for (int b = a - 1; b >= w; b--) {
      R[top++] = b;
      A[b] = b;
    }
    String[] bucketIds = new String[a];
    for (int b = 0; b < w; b++) {
      bucketIds[b] = ids.get(b);
    }
    return new AnchorLocator(A, K, W, L, R, top, w, bucketIds);
  }

  /** The AnchorHash GetBucket walk. */
  int bucket(long hash) {
    int[] a = anchor;
    int b = Murmur3.reduce(hash, a.length);
    while (a[b] > 0) {
      int h = Murmur3.reduce(Murmur3.rehash(hash, b), a[b]);
      while (a[h] >= a[b]) {
        h = replacement[h];
      }
      b = h;
    }
    return b;
  }

  @Override
  public int primary(long hash) {
    return bucketToIndex[bucket(hash)];
  }

  @Override
  public int preferenceList(long hash, int count, int[] out) {
    return rehashPreferenceList(hash, count, out);
  }

  @Override
  public double[] shares() {
    return sampledShares();
  }

  /** Anchor capacity. */
  public int capacity() {
    return anchor.length;
  }

  @Override
  public NodeLocator withNode(String id, int weight) {
    if (weight != 1) {
      requireUnitWeights(Map.of(id, weight), "ANCHOR");
    }
    if (ids.contains(id)) {
      throw new InvalidRequestException(
          "node '" + id + "' is already placed; allowed: an id not in " + ids);
    }
    if (removedTop == 0) {
      Map<String, Integer> m = asMap();
      m.put(id, 1);
      return of(m, anchor.length * 2);
    }
    int[] A = anchor.clone();
    int[] K = replacement.clone();
    int[] W = working.clone();
    int[] L = location.clone();
    int[] R = removed.clone();
    String[] names = bucketIds.clone();
    int top = removedTop;
    int n = workingSize;
    int b = R[--top];
    A[b] = 0;
    L[W[n]] = n;
    W[L[b]] = b;
    K[b] = b;
    n++;
    names[b] = id;
    return new AnchorLocator(A, K, W, L, R, top, n, names);
  }

  @Override
  public NodeLocator withoutNode(String id) {
    int b = -1;
    for (int i = 0; i < bucketIds.length; i++) {
      if (id.equals(bucketIds[i]) && anchor[i] == 0) {
        b = i;
        break;
      }
    }
    if (b < 0) {
      throw new InvalidRequestException("node '" + id + "' is not placed; nodes are " + ids);
    }
    if (workingSize == 1) {
      throw new InvalidRequestException("cannot remove the only node '" + id + "'");
    }
    int[] A = anchor.clone();
    int[] K = replacement.clone();
    int[] W = working.clone();
    int[] L = location.clone();
    int[] R = removed.clone();
    String[] names = bucketIds.clone();
    int top = removedTop;
    int n = workingSize;
    R[top++] = b;
    n--;
    A[b] = n;
    W[L[b]] = W[n];
    K[b] = W[n];
    L[W[n]] = L[b];
    names[b] = null;
    return new AnchorLocator(A, K, W, L, R, top, n, names);
  }

  @Override
  public Placement placement() {
    return Placement.ANCHOR;
  }

  @Override
  public String toString() {
    return "AnchorLocator" + ids + " capacity=" + anchor.length;
  }
}
