package dev.cloudnative.storage;

import dev.cloudnative.storage.replication.ReplicatedStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A key-value store of byte values under byte keys, replicated to N nodes with last-write-wins by
 * {@link Version}. Every call has a consistency level and a deadline; a write either reaches the
 * required replicas before the deadline or throws {@link QuorumNotReachedException} — it is never
 * reported as successful otherwise. Concurrent writes to the same key are resolved by version, so
 * one of them is silently dropped (LWW). Implementations are thread-safe.
 *
 * <p>Lifecycle: {@link #close()} is idempotent; after it every other operation throws {@link
 * IllegalStateException} ("replicated store is closed" for {@link ReplicatedStore}).
 */
public interface KeyValueStore extends AutoCloseable {

  /** A replicated store over {@code nodes}; see {@link ReplicatedStore}. */
  static ReplicatedStore replicated(StoreConfig config, List<? extends StorageNode> nodes) {
    return ReplicatedStore.create(config, nodes);
  }

  /**
   * A replicated store over {@code nodes} with {@code weights} by node id (1 for a node the map
   * does not name); see {@link ReplicatedStore#create(StoreConfig, List, Map)}.
   */
  static ReplicatedStore replicated(
      StoreConfig config, List<? extends StorageNode> nodes, Map<String, Integer> weights) {
    return ReplicatedStore.create(config, nodes, weights);
  }

  /** Writes {@code value} with the given consistency and deadline; returns the version written. */
  Version put(byte[] key, byte[] value, Consistency consistency, Duration timeout);

  /** Reads the newest value among the replicas that answered; empty if absent or deleted. */
  Optional<VersionedValue> getVersioned(byte[] key, Consistency consistency, Duration timeout);

  /** Writes a tombstone; returns its version. */
  Version delete(byte[] key, Consistency consistency, Duration timeout);

  /** The store's configuration (default consistency and deadline). */
  StoreConfig config();

  default Version put(byte[] key, byte[] value) {
    return put(key, value, config().writeConsistency(), config().timeout());
  }

  default Version put(byte[] key, byte[] value, Consistency consistency) {
    return put(key, value, consistency, config().timeout());
  }

  default Optional<byte[]> get(byte[] key) {
    return getVersioned(key, config().readConsistency(), config().timeout())
        .map(VersionedValue::value);
  }

  default Optional<byte[]> get(byte[] key, Consistency consistency) {
    return getVersioned(key, consistency, config().timeout()).map(VersionedValue::value);
  }

  default Version delete(byte[] key) {
    return delete(key, config().writeConsistency(), config().timeout());
  }

  default Version delete(byte[] key, Consistency consistency) {
    return delete(key, consistency, config().timeout());
  }

  /** UTF-8 helper for {@link #put(byte[], byte[])}. */
  default Version putString(String key, String value) {
    return put(utf8(key), utf8(value));
  }

  /** UTF-8 helper for {@link #get(byte[])}. */
  default Optional<String> getString(String key) {
    return get(utf8(key)).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** UTF-8 helper for {@link #delete(byte[])}. */
  default Version deleteString(String key) {
    return delete(utf8(key));
  }

  private static byte[] utf8(String s) {
    Objects.requireNonNull(s, "key");
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * True when every copy of the data lives only in this JVM's memory (a store over in-memory
   * nodes), so that it is lost when the JVM exits; false when at least one copy is kept by a real
   * engine or on disk.
   */
  default boolean inMemory() {
    return false;
  }

  @Override
  void close();
}
