package dev.cloudnative.storage.hash;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeLocator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared base of the table and bucket locators: node ids, weights and the 64-bit murmur3 key hash.
 * Immutable and thread-safe.
 */
abstract sealed class MurmurKeyedLocator implements NodeLocator
    permits MaglevLocator, JumpLocator, AnchorLocator {
  /** Sample count used where a share cannot be computed exactly. */
  static final int SHARE_SAMPLES = 1 << 20;

  final List<String> ids;
  final int[] weights;

  MurmurKeyedLocator(List<String> ids, int[] weights) {
    this.ids = List.copyOf(ids);
    this.weights = weights;
  }

  static void requireUnitWeights(Map<String, Integer> nodes, String algorithm) {
    nodes.forEach(
        (id, w) -> {
          if (w == null || w != 1) {
            throw new InvalidRequestException(
                algorithm
                    + " does not support weights; node '"
                    + id
                    + "' has weight "
                    + w
                    + ", allowed only 1 (use RING, KETAMA or MAGLEV for weights)");
          }
        });
  }

  @Override
  public long hash(byte[] key) {
    return Murmur3.hash64(key, 0);
  }

  @Override
  public long hash(CharSequence key) {
    return Murmur3.hash64(key, 0);
  }

  @Override
  public List<String> nodes() {
    return ids;
  }

  @Override
  public int size() {
    return ids.size();
  }

  @Override
  public int weight(int index) {
    return weights[index];
  }

  Map<String, Integer> asMap() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      m.put(ids.get(i), weights[i]);
    }
    return m;
  }

  /** Shares estimated from evenly spread pseudo-random hashes (for algorithms without arcs). */
  double[] sampledShares() {
    double[] s = new double[ids.size()];
    for (int i = 0; i < SHARE_SAMPLES; i++) {
      s[primary(Murmur3.fmix64(i + 1L))] += 1.0 / SHARE_SAMPLES;
    }
    return s;
  }

  /**
   * Extra replicas for bucket hashers: successive rehashes of the key, skipping nodes already
   * chosen, then a deterministic scan if rehashing keeps colliding (only likely when count is close
   * to size()).
   */
  int rehashPreferenceList(long hash, int count, int[] out) {
    int want = Math.min(count, ids.size());
    if (want == 0) {
      return 0;
    }
    out[0] = primary(hash);
    int k = 1;
    for (int attempt = 1; k < want && attempt < 8 * want + 32; attempt++) {
      int c = primary(Murmur3.rehash(hash, attempt));
      if (!contains(out, k, c)) {
        out[k++] = c;
      }
    }
    for (int c = Murmur3.reduce(hash, ids.size()), steps = 0;
        k < want && steps < ids.size();
        steps++) {
      if (!contains(out, k, c)) {
        out[k++] = c;
      }
      c = c + 1 == ids.size() ? 0 : c + 1;
    }
    return k;
  }

  static boolean contains(int[] a, int len, int v) {
    for (int i = 0; i < len; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }
}
