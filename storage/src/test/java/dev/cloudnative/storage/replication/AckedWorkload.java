package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.QuorumNotReachedException;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.VersionedValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent writers that remember, per key, the last acknowledged value and any later
 * unacknowledged ones. Keys are partitioned between writers so that, per key, acknowledgement order
 * is version order and "latest acknowledged value" is well defined.
 */
final class AckedWorkload implements AutoCloseable {
  private final ReplicatedStore store;
  private final int keys;
  private final int threads;
  private final Map<String, String> lastAcked = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> unackedAfter = new ConcurrentHashMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final ExecutorService pool;
  private final List<Future<?>> running = new ArrayList<>();

  AckedWorkload(ReplicatedStore store, int keys, int threads) {
    this.store = store;
    this.keys = keys;
    this.threads = threads;
    this.pool = Executors.newFixedThreadPool(threads);
  }

  static String key(int i) {
    return "wk-" + i;
  }

  void start() {
    for (int t = 0; t < threads; t++) {
      int me = t;
      running.add(
          pool.submit(
              () -> {
                long seq = 0;
                while (!stop.get()) {
                  for (int i = me; i < keys && !stop.get(); i += threads) {
                    String k = key(i);
                    String v = "t" + me + "-" + (seq++);
                    try {
                      store.put(
                          k.getBytes(StandardCharsets.UTF_8),
                          v.getBytes(StandardCharsets.UTF_8),
                          Consistency.QUORUM);
                      lastAcked.put(k, v);
                      unackedAfter.remove(k);
                      acked.incrementAndGet();
                    } catch (QuorumNotReachedException e) {
                      unackedAfter.computeIfAbsent(k, x -> ConcurrentHashMap.newKeySet()).add(v);
                      if (failed.incrementAndGet() <= 3) {
                        System.out.println("unacknowledged write: " + e.getMessage());
                      }
                    }
                  }
                }
              }));
    }
  }

  long acked() {
    return acked.get();
  }

  long failed() {
    return failed.get();
  }

  void stop() throws Exception {
    stop.set(true);
    for (Future<?> f : running) {
      f.get(60, TimeUnit.SECONDS);
    }
  }

  /**
   * Every acknowledged write is readable at QUORUM with its latest value (or a later unacked one).
   */
  void verifyAcknowledgedWritesReadable() {
    assertThat(lastAcked).isNotEmpty();
    for (Map.Entry<String, String> e : lastAcked.entrySet()) {
      Optional<String> got = store.getString(e.getKey());
      Set<String> allowed = new HashSet<>();
      allowed.add(e.getValue());
      allowed.addAll(unackedAfter.getOrDefault(e.getKey(), Set.of()));
      assertThat(got).as("key %s, last acknowledged %s", e.getKey(), e.getValue()).isPresent();
      assertThat(allowed).as("key %s", e.getKey()).contains(got.get());
    }
  }

  /** All N replicas of every written key hold the same, newest version. */
  boolean replicasConverged(Map<String, ? extends StorageNode> nodes) {
    for (String k : lastAcked.keySet()) {
      byte[] key = k.getBytes(StandardCharsets.UTF_8);
      VersionedValue first = null;
      for (String id : store.replicasOf(key)) {
        Optional<VersionedValue> v;
        try {
          v = nodes.get(id).get(key);
        } catch (dev.cloudnative.storage.NodeUnavailableException e) {
          return false; // a slow answer on a loaded machine: look again
        }
        if (v.isEmpty()) {
          return false;
        }
        if (first == null) {
          first = v.get();
        } else if (!first.version().equals(v.get().version())) {
          return false;
        }
      }
    }
    return true;
  }

  Set<String> writtenKeys() {
    return lastAcked.keySet();
  }

  @Override
  public void close() {
    stop.set(true);
    pool.shutdownNow();
  }
}
