package dev.cloudnative.storage;

import java.util.List;

/**
 * Maps keys to nodes by consistent hashing. A locator is an immutable snapshot: {@link #withNode}
 * and {@link #withoutNode} return a new locator, so lookups are lock-free reads that never
 * allocate. Nodes are addressed by index into {@link #nodes()}. Thread-safe.
 *
 * <p>A lookup is two steps: {@link #hash} turns the key into the locator's key hash (MD5 for
 * Ketama, a 64-bit murmur3 otherwise), then {@link #primary} / {@link #preferenceList} place that
 * hash.
 */
public interface NodeLocator {

  /** Node ids in index order. */
  List<String> nodes();

  /** Weight of the node at {@code index} (1 = default). */
  int weight(int index);

  /** Number of nodes. */
  default int size() {
    return nodes().size();
  }

  /** The key hash this locator places, computed over the bytes without copying. */
  long hash(byte[] key);

  /** The key hash of the UTF-8 encoding of {@code key}, without materialising it for ASCII keys. */
  long hash(CharSequence key);

  /** Index of the node owning {@code hash}. */
  int primary(long hash);

  /**
   * Fills {@code out[0..k)} with the indices of the first {@code k = min(count, size())} distinct
   * nodes for {@code hash}, primary first, and returns {@code k}. Does not allocate.
   */
  int preferenceList(long hash, int count, int[] out);

  /** Id of the node owning {@code key}. */
  default String primaryNode(CharSequence key) {
    return nodes().get(primary(hash(key)));
  }

  /** Index of {@code id}, or -1. */
  default int indexOf(String id) {
    return nodes().indexOf(id);
  }

  /**
   * Exact fraction of the hash space each node owns as primary (sums to 1), for balance reports.
   */
  double[] shares();

  /** A new locator with {@code id} added at {@code weight}. */
  NodeLocator withNode(String id, int weight);

  /** A new locator without {@code id}. */
  NodeLocator withoutNode(String id);

  /** The algorithm that built this locator. */
  Placement placement();
}
