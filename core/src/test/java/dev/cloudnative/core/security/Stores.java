package dev.cloudnative.core.security;

import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.FileNode;
import dev.cloudnative.storage.node.InMemoryNode;
import dev.cloudnative.storage.node.RedisNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Key-value stores the token-store tests run over; each closes its nodes with itself. */
final class Stores {

  private Stores() {}

  /** Three in-memory nodes, N=3, QUORUM: the facade's default. */
  static KeyValueStore inMemory() {
    List<InMemoryNode> nodes =
        List.of(new InMemoryNode("m1"), new InMemoryNode("m2"), new InMemoryNode("m3"));
    return closingNodes(KeyValueStore.replicated(StoreConfig.ofDefaults(), nodes), nodes);
  }

  /** One file node in {@code dir}, N=1. */
  static KeyValueStore file(Path dir) {
    FileNode node = FileNode.open("f1", dir);
    return closingNodes(
        KeyValueStore.replicated(StoreConfig.custom().replicationFactor(1).build(), List.of(node)),
        List.of(node));
  }

  /** A node per server, every key under {@code prefix}, N = servers, QUORUM. */
  static KeyValueStore redis(List<LocalRedis> servers, String prefix) {
    List<RedisNode> nodes = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      nodes.add(
          RedisNode.builder("r" + i, "127.0.0.1", servers.get(i).port())
              .keyPrefix(prefix)
              .timeout(Duration.ofSeconds(5))
              .build());
    }
    return closingNodes(
        KeyValueStore.replicated(
            StoreConfig.custom()
                .replicationFactor(servers.size())
                .timeout(Duration.ofSeconds(5))
                .build(),
            nodes),
        nodes);
  }

  private static KeyValueStore closingNodes(
      KeyValueStore store, List<? extends AutoCloseable> nodes) {
    return new ClosingStore(store, nodes);
  }
}
