package dev.cloudnative.storage.hash;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jump consistent hash (Lamping and Veach, 2014; the algorithm behind Guava's {@code
 * Hashing.consistentHash}): a key's bucket is found by jumping forward through bucket counts with a
 * linear-congruential generator seeded by the key, O(log n) steps, no memory, perfectly even
 * shares. Buckets are numbered, so it suits fixed bucket counts: appending a node moves exactly its
 * share, but removing a node other than the last renumbers (the last node takes the removed node's
 * index), moving up to two shares — use {@link AnchorLocator} when any node must be removable.
 * Replicas come from rehashing the key. Unweighted. Immutable and thread-safe.
 */
public final class JumpLocator extends MurmurKeyedLocator {

  private JumpLocator(List<String> ids, int[] weights) {
    super(ids, weights);
  }

  public static JumpLocator of(Map<String, Integer> nodes) {
    requireUnitWeights(nodes, "JUMP");
    List<String> ids = new ArrayList<>(nodes.keySet());
    return new JumpLocator(ids, ContinuumLocator.weightsOf(nodes, ids, Integer.MAX_VALUE));
  }

  /** The jump consistent hash of {@code key} into {@code buckets} buckets. */
  public static int jump(long key, int buckets) {
    long b = -1;
    long j = 0;
    while (j < buckets) {
      b = j;
      key = key * 2862933555777941757L + 1;
      j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
    }
    return (int) b;
  }

  @Override
  public int primary(long hash) {
    return jump(hash, ids.size());
  }

  @Override
  public int preferenceList(long hash, int count, int[] out) {
    return rehashPreferenceList(hash, count, out);
  }

  @Override
  public double[] shares() {
    return sampledShares();
  }

  @Override
  public NodeLocator withNode(String id, int weight) {
    Map<String, Integer> m = asMap();
    if (m.putIfAbsent(id, weight) != null) {
      throw new InvalidRequestException("node '" + id + "' is already placed");
    }
    return of(m);
  }

  @Override
  public NodeLocator withoutNode(String id) {
    int i = ids.indexOf(id);
    if (i < 0) {
      throw new InvalidRequestException("node '" + id + "' is not placed; nodes are " + ids);
    }
    List<String> next = new ArrayList<>(ids);
    String last = next.remove(next.size() - 1);
    if (i < next.size()) {
      next.set(i, last);
    }
    if (next.isEmpty()) {
      throw new InvalidRequestException("cannot remove the only node '" + id + "'");
    }
    int[] w = new int[next.size()];
    java.util.Arrays.fill(w, 1);
    return new JumpLocator(next, w);
  }

  @Override
  public Placement placement() {
    return Placement.JUMP;
  }

  @Override
  public String toString() {
    return "JumpLocator" + ids;
  }
}
