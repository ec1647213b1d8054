package dev.cloudnative.core.security;

import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A store that closes its nodes after itself (the replicated store leaves them to the caller). */
final class ClosingStore implements KeyValueStore {

  private final KeyValueStore store;
  private final List<? extends AutoCloseable> nodes;

  ClosingStore(KeyValueStore store, List<? extends AutoCloseable> nodes) {
    this.store = store;
    this.nodes = nodes;
  }

  @Override
  public Version put(byte[] key, byte[] value, Consistency consistency, Duration timeout) {
    return store.put(key, value, consistency, timeout);
  }

  @Override
  public Optional<VersionedValue> getVersioned(
      byte[] key, Consistency consistency, Duration timeout) {
    return store.getVersioned(key, consistency, timeout);
  }

  @Override
  public Version delete(byte[] key, Consistency consistency, Duration timeout) {
    return store.delete(key, consistency, timeout);
  }

  @Override
  public StoreConfig config() {
    return store.config();
  }

  @Override
  public boolean inMemory() {
    return store.inMemory();
  }

  @Override
  public void close() {
    store.close();
    for (AutoCloseable node : nodes) {
      try {
        node.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + node, e);
      }
    }
  }
}
