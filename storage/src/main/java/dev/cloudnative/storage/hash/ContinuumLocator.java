package dev.cloudnative.storage.hash;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeLocator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shared base of the two ring locators: node list, weights and a {@link PackedRing}. Immutable and
 * thread-safe.
 */
public abstract sealed class ContinuumLocator implements NodeLocator
    permits RingLocator, KetamaLocator {
  final List<String> ids;
  final int[] weights;
  final PackedRing ring;

  ContinuumLocator(List<String> ids, int[] weights, PackedRing ring) {
    this.ids = List.copyOf(ids);
    this.weights = weights;
    this.ring = ring;
  }

  static int[] weightsOf(Map<String, Integer> nodes, List<String> ids, int maxNodes) {
    if (ids.isEmpty()) {
      throw new InvalidRequestException("a locator needs at least one node, found none");
    }
    if (ids.size() > maxNodes) {
      throw new InvalidRequestException(
          "too many nodes: " + ids.size() + "; this locator allows at most " + maxNodes);
    }
    int[] w = new int[ids.size()];
    for (int i = 0; i < w.length; i++) {
      String id = ids.get(i);
      Objects.requireNonNull(id, "node id");
      if (id.isEmpty()) {
        throw new InvalidRequestException("node id must be non-empty, found '" + id + "'");
      }
      Integer weight = nodes.get(id);
      if (weight == null || weight < 1 || weight > 1000) {
        throw new InvalidRequestException(
            "weight of node '" + id + "' must be in 1..1000, found " + weight);
      }
      w[i] = weight;
    }
    return w;
  }

  /** The ring position a key hash is looked up at (owner bits cleared). */
  abstract long position(long hash);

  abstract NodeLocator rebuild(Map<String, Integer> nodes);

  /** Sorted packed points (position | owner); exposed for exact movement reports. */
  long[] points() {
    return ring.points;
  }

  long ownerMask() {
    return ring.ownerMask;
  }

  @Override
  public List<String> nodes() {
    return ids;
  }

  @Override
  public int weight(int index) {
    return weights[index];
  }

  @Override
  public int size() {
    return ids.size();
  }

  @Override
  public int primary(long hash) {
    return ring.owner(ring.find(position(hash)));
  }

  @Override
  public int preferenceList(long hash, int count, int[] out) {
    return ring.preferenceList(position(hash), count, out, ids.size());
  }

  @Override
  public double[] shares() {
    return ring.shares(ids.size());
  }

  Map<String, Integer> asMap() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < ids.size(); i++) {
      m.put(ids.get(i), weights[i]);
    }
    return m;
  }

  @Override
  public NodeLocator withNode(String id, int weight) {
    Map<String, Integer> m = asMap();
    if (m.containsKey(id)) {
      throw new InvalidRequestException(
          "node '" + id + "' is already placed; allowed: an id not in " + ids);
    }
    m.put(id, weight);
    return rebuild(m);
  }

  @Override
  public NodeLocator withoutNode(String id) {
    Map<String, Integer> m = asMap();
    if (m.remove(id) == null) {
      throw new InvalidRequestException("node '" + id + "' is not placed; nodes are " + ids);
    }
    return rebuild(m);
  }
}
