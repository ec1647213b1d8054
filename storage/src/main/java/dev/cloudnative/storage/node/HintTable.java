package dev.cloudnative.storage.node;

import dev.cloudnative.storage.Hint;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hints a node holds for other nodes, per target node and key: the in-memory view shared by
 * {@link InMemoryNode} and {@link FileNode} (which also logs every change). Thread-safe: concurrent
 * maps; whether a write is newer is decided by the caller.
 */
final class HintTable {
  private final ConcurrentHashMap<String, ConcurrentHashMap<ByteKey, VersionedValue>> byTarget =
      new ConcurrentHashMap<>();

  /** The hints for {@code target}, created empty on first use. */
  ConcurrentHashMap<ByteKey, VersionedValue> forTarget(String target) {
    return byTarget.computeIfAbsent(target, t -> new ConcurrentHashMap<>());
  }

  /** A read-only view of the hints for {@code target}; empty when there are none. */
  Map<ByteKey, VersionedValue> existing(String target) {
    Map<ByteKey, VersionedValue> m = byTarget.get(target);
    return m == null ? Map.of() : Collections.unmodifiableMap(m);
  }

  /** Drops the hint for ({@code target}, {@code key}) if there is one. */
  void remove(String target, ByteKey key) {
    Map<ByteKey, VersionedValue> m = byTarget.get(target);
    if (m != null) {
      m.remove(key);
    }
  }

  /**
   * Drops the hint for ({@code target}, {@code key}) only if it still holds {@code version};
   * atomic.
   */
  boolean removeIfVersion(String target, ByteKey key, Version version) {
    ConcurrentHashMap<ByteKey, VersionedValue> m = byTarget.get(target);
    if (m == null) {
      return false;
    }
    boolean[] removed = {false};
    m.computeIfPresent(
        key,
        (k, cur) -> {
          if (cur.version().equals(version)) {
            removed[0] = true;
            return null;
          }
          return cur;
        });
    return removed[0];
  }

  /** Up to {@code max} hints for {@code target}. */
  List<Hint> list(String target, int max) {
    List<Hint> out = new ArrayList<>();
    for (Map.Entry<ByteKey, VersionedValue> e : existing(target).entrySet()) {
      if (out.size() >= max) {
        break;
      }
      out.add(new Hint(target, e.getKey().bytes, e.getValue()));
    }
    return out;
  }

  /** Targets with at least one hint, sorted. */
  Set<String> targets() {
    Set<String> out = new TreeSet<>();
    byTarget.forEach(
        (t, m) -> {
          if (!m.isEmpty()) {
            out.add(t);
          }
        });
    return out;
  }

  /** All hints held. */
  long count() {
    long n = 0;
    for (Map<ByteKey, VersionedValue> m : byTarget.values()) {
      n += m.size();
    }
    return n;
  }

  void clear() {
    byTarget.clear();
  }
}
