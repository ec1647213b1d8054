package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.InMemoryNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's 3-node example, verbatim plus assertions. */
class ReadmeExampleTest {
  @Test
  void threeNodeStoreSurvivesANodeFailure() throws Exception {
    List<InMemoryNode> nodes =
        List.of(new InMemoryNode("a"), new InMemoryNode("b"), new InMemoryNode("c"));
    try (ReplicatedStore store =
        KeyValueStore.replicated(
            StoreConfig.custom()
                .replicationFactor(3) // N
                .writeConsistency(Consistency.QUORUM) // W = 2
                .readConsistency(Consistency.QUORUM) // R = 2, W + R > N: read-your-writes
                .timeout(Duration.ofMillis(500)) // per-call deadline
                .build(),
            nodes)) {
      store.putString("user:42", "Ada");
      nodes.get(0).fail(); // one replica goes down
      store.putString("user:42", "Ada Lovelace"); // still W=2: b and c ack, a gets a hint
      System.out.println(store.getString("user:42").orElseThrow()); // Ada Lovelace
      nodes.get(0).recover(true); // back, and empty
      // health probing replays the hint; reads repair anything else a is missing

      assertThat(store.getString("user:42")).contains("Ada Lovelace");
      ReplicatedStoreTest.eventually(
          () ->
              nodes
                  .get(0)
                  .get("user:42".getBytes())
                  .map(v -> v.valueAsString().equals("Ada Lovelace"))
                  .orElse(false),
          "node a caught up");
    }
  }
}
