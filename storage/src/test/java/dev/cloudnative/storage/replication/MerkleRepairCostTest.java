package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.AntiEntropyReport;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.RepairReport;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.InMemoryNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The cost of one repair cycle over three in-memory nodes (N=3) holding {@code storage.merkle.keys}
 * keys (default 10^5; {@code -Dstorage.merkle.keys=1000000} for 10^6) of 12-byte keys and 100-byte
 * values, after one replica lost 0.1 % of its copies: a Merkle cycle in sync, a Merkle cycle that
 * repairs, and the full scan that repairs the same loss. Prints time, bytes moved and hashes
 * exchanged (a measured run, not a benchmark: the README quotes one); asserts only what does not
 * depend on the machine.
 */
class MerkleRepairCostTest {
  private static final int VALUE_BYTES = 100;

  private static byte[] key(int i) {
    return String.format("key-%08d", i).getBytes(StandardCharsets.US_ASCII);
  }

  private static int dropFrom(InMemoryNode n, int keys, int every) {
    int dropped = 0;
    for (int i = 0; i < keys; i += every) {
      byte[] k = key(i);
      n.removeIfVersion(k, n.get(k).orElseThrow().version());
      dropped++;
    }
    return dropped;
  }

  @Test
  void oneRepairCycleCostsItsScansAndTheDifferingLeavesOnly() {
    int keys = Integer.getInteger("storage.merkle.keys", 100_000);
    List<InMemoryNode> nodes =
        List.of(new InMemoryNode("a"), new InMemoryNode("b"), new InMemoryNode("c"));
    try (ReplicatedStore store =
        KeyValueStore.replicated(
            StoreConfig.custom()
                .replicationFactor(3)
                .backgroundAntiEntropy(false)
                .antiEntropyRate(Long.MAX_VALUE / 4)
                .build(),
            nodes)) {
      byte[] value = new byte[VALUE_BYTES];
      for (int i = 0; i < keys; i++) {
        store.put(key(i), value);
      }
      AntiEntropyReport inSync = store.merkleRepair();
      assertThat(inSync.keysRepaired()).isZero();

      int dropped = dropFrom(nodes.get(0), keys, 1_000);
      AntiEntropyReport merkle = store.merkleRepair();
      assertThat(merkle.keysRepaired()).isEqualTo(dropped);

      AntiEntropyReport fine;
      try (ReplicatedStore fineStore =
          KeyValueStore.replicated(
              StoreConfig.custom()
                  .replicationFactor(3)
                  .backgroundAntiEntropy(false)
                  .antiEntropyRate(Long.MAX_VALUE / 4)
                  .merkleLeavesPerRange(4096)
                  .build(),
              nodes)) {
        dropFrom(nodes.get(0), keys, 1_000);
        fine = fineStore.merkleRepair();
        assertThat(fine.keysRepaired()).isEqualTo(dropped);
      }

      dropFrom(nodes.get(0), keys, 1_000);
      long start = System.nanoTime();
      RepairReport full = store.antiEntropy();
      long fullNanos = System.nanoTime() - start;
      assertThat(full.replicasUpdated()).isEqualTo(dropped);
      // The full scan pushes every entry it scans to the two other replicas.
      long fullBytes = 2 * full.entriesScanned() * (key(0).length + VALUE_BYTES);

      assertThat(merkle.bytesMoved()).isLessThan(fullBytes / 10);
      System.out.printf(
          "repair cycle at %d keys x 3 replicas, %d copies lost on one replica:%n"
              + "| cycle | time | entries scanned | leaves differing | keys repaired | bytes moved"
              + " | hash bytes |%n"
              + "| Merkle, in sync, 4 096 leaves | %d ms | %d | %d | %d | %d | %d |%n"
              + "| Merkle, repairing, 4 096 leaves | %d ms | %d | %d | %d | %d | %d |%n"
              + "| Merkle, repairing, 65 536 leaves | %d ms | %d | %d | %d | %d | %d |%n"
              + "| full scan (antiEntropy) | %d ms | %d | - | %d | %d | - |%n",
          keys,
          dropped,
          inSync.duration().toMillis(),
          inSync.entriesScanned(),
          inSync.leavesDiffering(),
          inSync.keysRepaired(),
          inSync.bytesMoved(),
          inSync.hashBytes(),
          merkle.duration().toMillis(),
          merkle.entriesScanned(),
          merkle.leavesDiffering(),
          merkle.keysRepaired(),
          merkle.bytesMoved(),
          merkle.hashBytes(),
          fine.duration().toMillis(),
          fine.entriesScanned(),
          fine.leavesDiffering(),
          fine.keysRepaired(),
          fine.bytesMoved(),
          fine.hashBytes(),
          fullNanos / 1_000_000,
          full.entriesScanned(),
          full.replicasUpdated(),
          fullBytes);
    } finally {
      nodes.forEach(InMemoryNode::close);
    }
  }
}
