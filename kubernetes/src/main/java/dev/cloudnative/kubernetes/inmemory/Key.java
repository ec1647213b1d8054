package dev.cloudnative.kubernetes.inmemory;

/**
 * Identifies a namespaced object. Ordered by namespace, then name, so that the sorted maps of
 * {@link ClusterState} list objects (and watch events fan out) in the order {@code kubectl get}
 * shows them, which keeps every simulated outcome deterministic.
 *
 * <p>Immutable and therefore thread-safe.
 */
record Key(String namespace, String name) implements Comparable<Key> {
  @Override
  public int compareTo(Key o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
