package dev.cloudnative.storage.hash;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Placement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consistent-hash ring with virtual nodes and weights. Each node gets {@code pointsPerWeight ×
 * weight} points derived from the murmur3 hash of its id by a splitmix-style stream (so adding a
 * node never moves another node's points); keys hash with 64-bit murmur3 and belong to the next
 * point clockwise. The preference list is the next N distinct physical nodes clockwise, so replicas
 * move as little as the primary on membership changes. Points live in one sorted {@code long[]}
 * with the owner packed in the low 20 bits (see {@link PackedRing}): no {@code TreeMap}, no boxing,
 * no allocation per lookup. Immutable and thread-safe.
 */
public final class RingLocator extends ContinuumLocator {
  /** Default virtual nodes per unit of weight. */
  public static final int DEFAULT_POINTS_PER_WEIGHT = 160;

  static final int OWNER_BITS = 20;

  private final int pointsPerWeight;

  private RingLocator(List<String> ids, int[] weights, int pointsPerWeight) {
    super(ids, weights, build(ids, weights, pointsPerWeight));
    this.pointsPerWeight = pointsPerWeight;
  }

  /** A ring with {@link #DEFAULT_POINTS_PER_WEIGHT} points per unit of weight. */
  public static RingLocator of(Map<String, Integer> nodes) {
    return of(nodes, DEFAULT_POINTS_PER_WEIGHT);
  }

  /** A ring with {@code pointsPerWeight} virtual nodes per unit of weight. */
  public static RingLocator of(Map<String, Integer> nodes, int pointsPerWeight) {
    if (pointsPerWeight < 1 || pointsPerWeight > 10_000) {
      throw new InvalidRequestException(
          "pointsPerWeight must be in 1..10000, found " + pointsPerWeight);
    }
    List<String> ids = new ArrayList<>(nodes.keySet());
    return new RingLocator(ids, weightsOf(nodes, ids, 1 << OWNER_BITS), pointsPerWeight);
  }

  private static PackedRing build(List<String> ids, int[] weights, int perWeight) {
    long total = 0;
    for (int w : weights) {
      total += (long) w * perWeight;
    }
    if (total > 50_000_000L) {
      throw new InvalidRequestException(
          "ring would hold " + total + " points; allowed at most 50000000");
    }
    long[] pos = new long[(int) total];
    int[] own = new int[(int) total];
    int k = 0;
    for (int i = 0; i < ids.size(); i++) {
      long base = Murmur3.hash64(ids.get(i).getBytes(StandardCharsets.UTF_8), 0x5eed);
      for (int v = 0; v < weights[i] * perWeight; v++) {
        pos[k] = Murmur3.rehash(base, v);
        own[k++] = i;
      }
    }
    return new PackedRing(pos, own, k, OWNER_BITS);
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
  long position(long hash) {
    return hash & ~ring.ownerMask;
  }

  @Override
  public Placement placement() {
    return Placement.RING;
  }

  @Override
  NodeLocator rebuild(Map<String, Integer> nodes) {
    return of(nodes, pointsPerWeight);
  }

  @Override
  public String toString() {
    return "RingLocator" + new LinkedHashMap<>(asMap());
  }
}
