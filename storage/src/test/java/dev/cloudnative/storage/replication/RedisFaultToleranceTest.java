package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.RedisServer;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Five real redis-server processes (two with appendonly yes): kill -9 one during a concurrent
 * QUORUM write workload, restart it empty, and check that every acknowledged write is readable with
 * its latest value, hints drain, and read repair converges all replicas.
 */
class RedisFaultToleranceTest {
  private final List<RedisServer> servers = new ArrayList<>();
  private final Map<String, RedisNode> nodes = new LinkedHashMap<>();
  private ReplicatedStore store;

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close();
    }
    nodes.values().forEach(RedisNode::close);
    servers.forEach(RedisServer::close);
  }

  @Test
  void killNineDuringQuorumWritesLosesNoAcknowledgedWrite() throws Exception {
    RedisServer.binary();
    for (int i = 0; i < 5; i++) {
      RedisServer s = RedisServer.start(i % 2 == 1);
      servers.add(s);
      nodes.put(
          "redis-" + i,
          RedisNode.builder("redis-" + i, "127.0.0.1", s.port())
              .timeout(Duration.ofMillis(500))
              .build());
    }
    store =
        KeyValueStore.replicated(
            StoreConfig.custom()
                .replicationFactor(3)
                .timeout(Duration.ofSeconds(2))
                .probeInterval(Duration.ofMillis(100))
                .build(),
            new ArrayList<>(nodes.values()));

    long t0 = System.nanoTime();
    nodes.values().forEach(RedisNode::ping); // connect before the clock starts
    System.out.printf("connected in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    try (AckedWorkload w = new AckedWorkload(store, 400, 2)) {
      w.start();
      Thread.sleep(1_000);
      long ackedBeforeKill = w.acked();
      servers.get(2).kill();
      Thread.sleep(1_000);
      long ackedWhileDown = w.acked() - ackedBeforeKill;
      servers.get(2).startProcess(); // empty: fresh dir, no AOF
      Thread.sleep(1_000);
      w.stop();
      System.out.printf(
          "redis fault test: %d acknowledged writes (%d while a node was down), %d not"
              + " acknowledged%n",
          w.acked(), ackedWhileDown, w.failed());
      assertThat(ackedBeforeKill).isPositive();
      assertThat(ackedWhileDown)
          .as("QUORUM writes keep succeeding with one node down")
          .isPositive();

      ReplicatedStoreTest.eventually(() -> store.isUp("redis-2"), "redis-2 probed up");
      ReplicatedStoreTest.eventually(() -> store.pendingHints() == 0, "hints drained");
      assertThat(store.hintsReplayed()).isPositive();

      w.verifyAcknowledgedWritesReadable();
      // The reads above ran read repair on every key (including the ones redis-2 lost in the
      // restart).
      ReplicatedStoreTest.eventually(
          () -> w.replicasConverged(nodes), "read repair converged replicas");
      assertThat(store.antiEntropy().replicasUpdated()).isZero();
    }
  }
}
