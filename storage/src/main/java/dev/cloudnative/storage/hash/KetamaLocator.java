package dev.cloudnative.storage.hash;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Placement;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * libketama / spymemcached-compatible continuum, so a memcached or Redis fleet can migrate without
 * a cold cache. Node ids are the names spymemcached hashes ({@link #spymemcachedName}, e.g. {@code
 * "cache1/10.0.0.1:11211"}); each node contributes 40 MD5 digests of {@code name + "-" + i}, four
 * 32-bit points per digest (160 points). In weighted mode the point count follows spymemcached's
 * float formula {@code floor(weight/total × 160/4 × n + 1e-10) × 4} exactly. Keys hash to the first
 * four bytes of their MD5; a key maps to the first point at or after its hash, wrapping to the
 * first. Colliding points belong to the node added last, as spymemcached's {@code TreeMap.put}
 * leaves them. Immutable and thread-safe.
 */
public final class KetamaLocator extends ContinuumLocator {
  private static final int REPETITIONS = 160;
  private final boolean weighted;

  private KetamaLocator(List<String> ids, int[] weights, boolean weighted) {
    super(ids, weights, build(ids, weights, weighted));
    this.weighted = weighted;
  }

  /** Unweighted when every weight is 1 (spymemcached without a weight map), weighted otherwise. */
  public static KetamaLocator of(Map<String, Integer> nodes) {
    boolean weighted = nodes.values().stream().anyMatch(w -> w == null || w != 1);
    return of(nodes, weighted);
  }

  /**
   * @param weighted true to reproduce spymemcached with a non-empty weight map, whose point counts
   *     differ from the unweighted layout even when all weights are equal
   */
  public static KetamaLocator of(Map<String, Integer> nodes, boolean weighted) {
    List<String> ids = new ArrayList<>(nodes.keySet());
    return new KetamaLocator(ids, weightsOf(nodes, ids, Integer.MAX_VALUE), weighted);
  }

  /** The name spymemcached's default key formatter gives a node at {@code address}. */
  public static String spymemcachedName(InetSocketAddress address) {
    String s = String.valueOf(address);
    return s.startsWith("/") ? s.substring(1) : s;
  }

  private static PackedRing build(List<String> ids, int[] weights, boolean weighted) {
    int n = ids.size();
    long totalWeight = 0;
    for (int w : weights) {
      totalWeight += w;
    }
    int[] perNode = new int[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      if (weighted) {
        float percent = (float) weights[i] / (float) totalWeight;
        perNode[i] =
            (int)
                (Math.floor(
                        (float)
                            ((double) (percent * (float) REPETITIONS / 4f * (float) n) + 1e-10d))
                    * 4.0d);
      } else {
        perNode[i] = REPETITIONS;
      }
      total += perNode[i];
    }
    if (total > 50_000_000L) {
      throw new InvalidRequestException(
          "continuum would hold " + total + " points; allowed 50000000");
    }
    long[] pos = new long[(int) total];
    int[] own = new int[(int) total];
    int k = 0;
    for (int i = 0; i < n; i++) {
      String name = ids.get(i);
      for (int it = 0; it < perNode[i] / 4; it++) {
        byte[] d = Md5KeyHash.digest(name + "-" + it);
        for (int h = 0; h < 4; h++) {
          long p =
              ((d[3 + h * 4] & 0xFFL) << 24)
                  | ((d[2 + h * 4] & 0xFFL) << 16)
                  | ((d[1 + h * 4] & 0xFFL) << 8)
                  | (d[h * 4] & 0xFFL);
          pos[k] = p << 32;
          own[k++] = i;
        }
      }
    }
    if (k == 0) {
      throw new InvalidRequestException(
          "weights "
              + java.util.Arrays.toString(weights)
              + " leave the continuum empty; raise the smallest weight");
    }
    return new PackedRing(pos, own, k, 32);
  }

  /** The libketama hash: unsigned 32 bits of MD5. */
  @Override
  public long hash(byte[] key) {
    return Md5KeyHash.hash(key, 0, key.length);
  }

  @Override
  public long hash(CharSequence key) {
    return Md5KeyHash.hash(key);
  }

  @Override
  long position(long hash) {
    return hash << 32;
  }

  @Override
  public Placement placement() {
    return Placement.KETAMA;
  }

  /**
   * Keeps the weighted continuum once chosen, and switches to it when a node arrives with a weight
   * other than 1: the unweighted layout gives every node 160 points, so staying in it would drop
   * that weight silently. spymemcached adds no node to a built locator: a fleet that weighs one
   * node builds it from a weight map naming all of them, which is the weighted continuum.
   */
  @Override
  NodeLocator rebuild(Map<String, Integer> nodes) {
    return of(nodes, weighted || nodes.values().stream().anyMatch(w -> w == null || w != 1));
  }

  /** True when this is spymemcached's weighted continuum (built from a weight map). */
  public boolean weighted() {
    return weighted;
  }

  @Override
  public String toString() {
    return "KetamaLocator" + asMap();
  }
}
