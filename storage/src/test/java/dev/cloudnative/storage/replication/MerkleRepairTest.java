package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.AntiEntropyReport;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import dev.cloudnative.storage.node.InMemoryNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Merkle-tree anti-entropy: replicas that diverged (a missing copy, a stale copy, a delete one
 * replica missed) converge after one cycle that sends only the differing leaves' entries, a second
 * cycle finds nothing, and the background cycle does the same on its own.
 */
class MerkleRepairTest {
  private static final int KEYS = 2_000;
  private final List<ReplicatedStore> stores = new ArrayList<>();

  @AfterEach
  void tearDown() {
    stores.forEach(ReplicatedStore::close);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ReplicatedStore store(StoreConfig.Builder config, List<InMemoryNode> nodes) {
    ReplicatedStore s = KeyValueStore.replicated(config.replicationFactor(3).build(), nodes);
    stores.add(s);
    return s;
  }

  /** Makes 30 keys diverge; returns the replica copies a repair has to update. */
  private static int diverge(ReplicatedStore store, List<InMemoryNode> nodes) {
    int stale = 0;
    for (int i = 0; i < 10; i++) {
      byte[] key = b("k" + i);
      // A replica lost its copy.
      InMemoryNode n = node(nodes, store.replicasOf(key).get(1));
      n.removeIfVersion(key, n.get(key).orElseThrow().version());
      stale++;
    }
    for (int i = 10; i < 20; i++) {
      byte[] key = b("k" + i);
      // One replica took a newer write the others missed.
      Version v = node(nodes, store.replicasOf(key).get(1)).get(key).orElseThrow().version();
      node(nodes, store.replicasOf(key).get(0))
          .putIfNewer(key, VersionedValue.of(new Version(v.timestamp() + 1, 7), b("newer")));
      stale += 2;
    }
    for (int i = 20; i < 30; i++) {
      byte[] key = b("k" + i);
      // A delete reached one replica only.
      Version v = node(nodes, store.replicasOf(key).get(1)).get(key).orElseThrow().version();
      node(nodes, store.replicasOf(key).get(2))
          .putIfNewer(key, VersionedValue.tombstone(new Version(v.timestamp() + 1, 7)));
      stale += 2;
    }
    return stale;
  }

  private static InMemoryNode node(List<InMemoryNode> nodes, String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }

  private static boolean converged(ReplicatedStore store, List<InMemoryNode> nodes) {
    for (int i = 0; i < KEYS; i++) {
      byte[] key = b("k" + i);
      VersionedValue first = null;
      for (String id : store.replicasOf(key)) {
        Optional<VersionedValue> v = node(nodes, id).get(key);
        if (v.isEmpty() || (first != null && !first.equals(v.get()))) {
          return false;
        }
        first = v.get();
      }
    }
    return true;
  }

  private static List<InMemoryNode> nodes() {
    List<InMemoryNode> nodes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      nodes.add(new InMemoryNode("n" + i));
    }
    return nodes;
  }

  @Test
  void oneCycleExchangesOnlyTheDifferingLeavesAndConvergesEveryReplica() {
    List<InMemoryNode> nodes = nodes();
    ReplicatedStore store = store(StoreConfig.custom().backgroundAntiEntropy(false), nodes);
    for (int i = 0; i < KEYS; i++) {
      store.putString("k" + i, "value-" + i);
    }
    AntiEntropyReport clean = store.merkleRepair();
    assertThat(clean.leavesDiffering()).isZero();
    assertThat(clean.keysRepaired()).isZero();
    assertThat(clean.bytesMoved()).isZero();
    assertThat(clean.rangesCompared()).as("10 node pairs x 16 ranges").isEqualTo(160);
    assertThat(clean.hashBytes()).as("one root hash per side per range").isEqualTo(160 * 16);

    int stale = diverge(store, nodes);
    assertThat(converged(store, nodes)).isFalse();
    AntiEntropyReport r = store.merkleRepair();
    assertThat(converged(store, nodes)).isTrue();
    assertThat(r.keysRepaired()).isEqualTo(stale);
    assertThat(r.leavesDiffering()).as("30 keys, up to 2 pairs each").isBetween(1L, 60L);
    long fullScanBytes = 0;
    for (InMemoryNode n : nodes) {
      long[] sum = {0};
      n.forEach((k, v) -> sum[0] += 2L * (k.length + v.value().length));
      fullScanBytes += sum[0];
    }
    assertThat(r.bytesMoved()).isPositive().isLessThan(fullScanBytes / 5);
    assertThat(store.getString("k15")).contains("newer");
    assertThat(store.getString("k25")).isEmpty();

    AntiEntropyReport again = store.merkleRepair();
    assertThat(again.leavesDiffering()).isZero();
    assertThat(again.keysRepaired()).isZero();
    assertThat(store.lastMerkleRepair()).contains(again);
    assertThat(store.antiEntropy().replicasUpdated())
        .as("the full scan finds nothing left")
        .isZero();
  }

  @Test
  void theBackgroundCycleRepairsOnItsOwnAndIsMetered() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<InMemoryNode> nodes = nodes();
    ReplicatedStore store =
        store(
            StoreConfig.custom()
                .antiEntropyInterval(Duration.ofMillis(100))
                .meterRegistry(registry),
            nodes);
    for (int i = 0; i < KEYS; i++) {
      store.putString("k" + i, "value-" + i);
    }
    int stale = diverge(store, nodes);
    ReplicatedStoreTest.eventually(() -> converged(store, nodes), "background repair");
    assertThat(store.lastMerkleRepair()).isPresent();
    ReplicatedStoreTest.eventually(
        () -> registry.get("storage.merkle.keys.repaired").counter().count() >= stale,
        "repairs counted");
    assertThat(registry.get("storage.merkle.ranges.compared").counter().count()).isPositive();
    assertThat(registry.get("storage.merkle.leaves.differing").counter().count()).isPositive();
    assertThat(registry.get("storage.merkle.bytes.moved").counter().count()).isPositive();
    store.merkleRepair();
    assertThat(
            registry
                .get("storage.operation.duration")
                .tags("operation", "merkle_repair", "consistency", "none", "outcome", "success")
                .timer()
                .count())
        .as("a called cycle is timed, the background ones are not")
        .isEqualTo(1);
  }
}
