package dev.cloudnative.examples;

import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.QuorumNotReachedException;
import dev.cloudnative.storage.Rebalance;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.InMemoryNode;
import dev.cloudnative.storage.replication.ReplicatedStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The distributed-storage scenario: three replicas per key over four nodes at QUORUM, a node
 * failing (writes go on, a hint waits for it), a second failure refused with the failing nodes
 * named, recovery with hint replay, and a fifth node joining with the keys it takes over streamed
 * to it.
 */
public final class StorageExample {

  private StorageExample() {}

  public static void main(String[] args) {
    List<InMemoryNode> nodes =
        new ArrayList<>(
            List.of(
                new InMemoryNode("a"),
                new InMemoryNode("b"),
                new InMemoryNode("c"),
                new InMemoryNode("d")));
    StoreConfig config =
        StoreConfig.custom()
            .replicationFactor(3)
            .writeConsistency(Consistency.QUORUM)
            .readConsistency(Consistency.QUORUM)
            .timeout(Duration.ofMillis(500))
            .build();
    try (ReplicatedStore store = KeyValueStore.replicated(config, nodes)) {
      run(store, nodes);
    }
  }

  static void run(ReplicatedStore store, List<InMemoryNode> nodes) {
    Example.say(
        "N="
            + store.config().replicationFactor()
            + ", W="
            + store.config().writeQuorum()
            + ", R="
            + store.config().readQuorum()
            + ", read-your-writes: "
            + store.config().readYourWrites());
    for (int i = 0; i < 1000; i++) {
      store.putString("user:" + i, "v1-" + i);
    }
    byte[] key = "user:42".getBytes(StandardCharsets.UTF_8);
    List<String> replicas = store.replicasOf(key);
    Example.say("user:42 lives on " + replicas);

    InMemoryNode first = node(nodes, replicas.get(0));
    first.fail();
    store.putString("user:42", "Ada Lovelace");
    Example.say(
        "with "
            + first.id()
            + " down, write acknowledged; read: "
            + store.getString("user:42").orElseThrow()
            + "; hints pending: "
            + store.pendingHints());

    InMemoryNode second = node(nodes, replicas.get(1));
    second.fail();
    try {
      store.putString("user:42", "Ada King");
    } catch (QuorumNotReachedException e) {
      Example.say("with two replicas down the write is refused: " + e.getMessage());
    }
    second.recover(false);
    first.recover(true);
    awaitHintsDrained(store);
    Example.say(
        first.id()
            + " back (empty) and "
            + second.id()
            + " back: health probing replayed "
            + store.hintsReplayed()
            + " hints, hints pending: "
            + store.pendingHints());
    // an empty node is recovering: it counts toward no read until its ranges were streamed to it
    long until = System.nanoTime() + 60_000_000_000L;
    while (store.isRecovering(first.id()) && System.nanoTime() < until) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    Example.say(
        first.id()
            + " recovered: "
            + store.recovery(first.id()).map(Object::toString).orElse("done"));
    Example.say(
        "user:42 read at ALL: "
            + new String(store.get(key, Consistency.ALL).orElseThrow(), StandardCharsets.UTF_8)
            + " (a refused write is unknown, not rolled back: it had reached one replica)");

    Rebalance joined = store.addNode(new InMemoryNode("e"));
    Example.say(
        String.format(
            "node e joined: %.1f%% of the hash space moved, %d keys re-replicated",
            joined.movedFraction() * 100, joined.keysMoved()));
    long readable = 0;
    for (int i = 0; i < 1000; i++) {
      if (store.getString("user:" + i).isPresent()) {
        readable++;
      }
    }
    Example.say(readable + " of 1000 keys readable after the join");
  }

  // Health probing (every probeInterval) sees the nodes again and replays their hints.
  private static void awaitHintsDrained(ReplicatedStore store) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (store.pendingHints() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for hint replay", e);
      }
    }
  }

  private static InMemoryNode node(List<InMemoryNode> nodes, String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
  }
}
