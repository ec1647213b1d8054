package dev.cloudnative.storage.node;

import dev.cloudnative.storage.Hint;
import dev.cloudnative.storage.Incarnation;
import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeUnavailableException;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A node held in this process's heap. Newer-wins is a {@link ConcurrentHashMap#merge} (atomic per
 * key), so reads never lock. {@link #fail} / {@link #recover} simulate an outage for tests and
 * demos. After {@link #close()} every method but {@link #id()}, {@link #nonBlocking()} and {@code
 * toString()} throws {@link IllegalStateException}. Thread-safe.
 */
public final class InMemoryNode implements StorageNode {
  private final String id;
  private final ConcurrentHashMap<ByteKey, VersionedValue> data = new ConcurrentHashMap<>();
  private final HintTable hints = new HintTable();
  private volatile Incarnation marker;
  private volatile boolean down;
  private volatile boolean closed;

  public InMemoryNode(String id) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new InvalidRequestException("node id must be non-blank, found '" + id + "'");
    }
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  /** Makes every call fail with {@link NodeUnavailableException} until {@link #recover}. */
  public void fail() {
    checkOpen();
    down = true;
  }

  /**
   * Ends a simulated outage. With {@code wipe} the node comes back empty, as after losing its disk
   * or restarting a process that held it: data, hints and the incarnation marker are gone.
   */
  public void recover(boolean wipe) {
    checkOpen();
    if (wipe) {
      data.clear();
      hints.clear();
      marker = null;
    }
    down = false;
  }

  /** Number of entries, tombstones included. */
  public int size() {
    checkOpen();
    return data.size();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("storage node " + id + " is closed");
    }
  }

  private void check() {
    checkOpen();
    if (down) {
      throw new NodeUnavailableException(id, "node is down");
    }
  }

  /**
   * Newer-wins as a compare-and-set loop rather than {@code compute}: a capturing lambda and a
   * {@code boolean[]} for its result cost about 40 bytes per replica on every write, and this loop
   * is as atomic per key (a value is replaced only if it is still the one compared against, and
   * {@code putIfAbsent} loses to a concurrent first write, which the next round compares with).
   */
  static boolean merge(
      ConcurrentHashMap<ByteKey, VersionedValue> map, byte[] key, VersionedValue v) {
    ByteKey k = new ByteKey(key);
    while (true) {
      VersionedValue cur = map.get(k);
      if (cur == null) {
        if (map.putIfAbsent(k, v) == null) {
          return true;
        }
      } else if (!v.isNewerThan(cur)) {
        return false;
      } else if (map.replace(k, cur, v)) {
        return true;
      }
    }
  }

  @Override
  public boolean putIfNewer(byte[] key, VersionedValue value) {
    check();
    return merge(data, key, value);
  }

  @Override
  public Optional<VersionedValue> get(byte[] key) {
    check();
    return Optional.ofNullable(data.get(new ByteKey(key)));
  }

  @Override
  public boolean removeIfVersion(byte[] key, Version version) {
    check();
    boolean[] removed = {false};
    data.computeIfPresent(
        new ByteKey(key),
        (k, cur) -> {
          if (cur.version().equals(version)) {
            removed[0] = true;
            return null;
          }
          return cur;
        });
    return removed[0];
  }

  @Override
  public void forEach(BiConsumer<byte[], VersionedValue> action) {
    check();
    data.forEach((k, v) -> action.accept(k.bytes, v));
  }

  @Override
  public boolean putHint(String target, byte[] key, VersionedValue value) {
    check();
    return merge(hints.forTarget(target), key, value);
  }

  @Override
  public List<Hint> hints(String target, int max) {
    check();
    return hints.list(target, max);
  }

  @Override
  public boolean removeHint(String target, byte[] key, Version version) {
    check();
    return hints.removeIfVersion(target, new ByteKey(key), version);
  }

  @Override
  public Set<String> hintTargets() {
    check();
    return hints.targets();
  }

  @Override
  public long hintCount() {
    check();
    return hints.count();
  }

  @Override
  public Optional<Incarnation> incarnation() {
    check();
    return Optional.ofNullable(marker);
  }

  @Override
  public void writeIncarnation(Incarnation incarnation) {
    Objects.requireNonNull(incarnation, "incarnation");
    check();
    marker = incarnation;
  }

  @Override
  public void ping() {
    check();
  }

  @Override
  public boolean nonBlocking() {
    return true;
  }

  /** Always: the data lives in this JVM's heap. */
  @Override
  public boolean inMemory() {
    return true;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "InMemoryNode[" + id + "]";
  }
}
