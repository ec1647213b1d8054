package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.Incarnation;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.QuorumNotReachedException;
import dev.cloudnative.storage.RecoveryProgress;
import dev.cloudnative.storage.RecoveryReason;
import dev.cloudnative.storage.RedisServer;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.InMemoryNode;
import dev.cloudnative.storage.node.RedisNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The erosion scenario of issue 13: a key written once at QUORUM (N=3, W=2) and never touched again
 * survives each of its three replicas being restarted empty in turn, never two at once, because the
 * store notices the missing incarnation marker and streams the node's ranges back to it before the
 * next restart; on in-memory, file and real Redis nodes. Also: a recovering node does not count
 * towards R until it has its ranges, but takes writes.
 */
class IncarnationRecoveryTest {
  private static final int KEYS = 300;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void tearDown() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private ReplicatedStore store(StoreConfig.Builder config, List<? extends StorageNode> nodes) {
    ReplicatedStore s =
        KeyValueStore.replicated(
            config
                .replicationFactor(3)
                .writeConsistency(Consistency.QUORUM)
                .readConsistency(Consistency.QUORUM)
                .timeout(Duration.ofSeconds(3))
                .probeInterval(Duration.ofMillis(50))
                .build(),
            nodes);
    closeables.add(s);
    return s;
  }

  /**
   * Writes the keys once, then restarts each replica empty in turn, waiting for the store to have
   * recovered it before the next, and checks that every key survived on every replica.
   */
  private void erosion(
      ReplicatedStore store, List<? extends StorageNode> nodes, IntConsumer restart)
      throws Exception {
    store.putString("written-once", "v1");
    for (int i = 0; i < KEYS; i++) {
      store.putString("k" + i, "value-" + i);
    }
    for (int i = 0; i < nodes.size(); i++) {
      String id = nodes.get(i).id();
      String before = store.incarnation(id).orElseThrow().token();
      restart.accept(i);
      ReplicatedStoreTest.eventually(
          () -> recovered(store, id, before), id + " recovered after its empty restart");
      RecoveryProgress p = store.recovery(id).orElseThrow();
      assertThat(p.reason()).isEqualTo(RecoveryReason.MISSING_MARKER);
      assertThat(p.rangesDone()).isEqualTo(p.rangesTotal()).isEqualTo(16);
      assertThat(p.keysStreamed()).as("every key has a replica on %s", id).isGreaterThan(KEYS);
      assertThat(p.bytesStreamed()).isGreaterThan(p.keysStreamed());
      assertThat(nodes.get(i).get(b("written-once"))).as("%s holds the key again", id).isPresent();
      assertThat(nodes.get(i).incarnation().orElseThrow().ready()).isTrue();
    }
    // No replica holds the key from the original write any more: every copy was streamed.
    assertThat(store.getString("written-once")).contains("v1");
    for (StorageNode n : nodes) {
      assertThat(n.get(b("written-once"))).as(n.id()).isPresent();
      for (int i = 0; i < KEYS; i++) {
        assertThat(n.get(b("k" + i))).as("%s k%d", n.id(), i).isPresent();
      }
    }
    for (int i = 0; i < KEYS; i++) {
      assertThat(store.getString("k" + i)).contains("value-" + i);
    }
  }

  private static boolean recovered(ReplicatedStore store, String id, String before) {
    Optional<RecoveryProgress> p = store.recovery(id);
    return p.isPresent() && !p.get().incarnation().equals(before) && p.get().complete();
  }

  @Test
  void aKeyWrittenOnceSurvivesEveryInMemoryReplicaRestartingEmptyInTurn() throws Exception {
    List<InMemoryNode> nodes = List.of(node("a"), node("b"), node("c"));
    ReplicatedStore store = store(StoreConfig.custom(), nodes);
    erosion(
        store,
        nodes,
        i -> {
          nodes.get(i).fail();
          nodes.get(i).recover(true);
        });
  }

  @Test
  void aKeyWrittenOnceSurvivesEveryFileReplicaRestartingOnAnEmptyDisk() throws Exception {
    List<RestartableFileNode> nodes = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      RestartableFileNode n = new RestartableFileNode(id, dir);
      closeables.add(n);
      nodes.add(n);
    }
    ReplicatedStore store = store(StoreConfig.custom(), nodes);
    erosion(store, nodes, i -> nodes.get(i).restartEmpty());
  }

  @Test
  void aKeyWrittenOnceSurvivesEveryRedisServerRestartingEmptyInTurn() throws Exception {
    RedisServer.binary();
    List<RedisServer> servers = new ArrayList<>();
    List<RedisNode> nodes = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      RedisServer s = RedisServer.start(false);
      closeables.add(s);
      servers.add(s);
      RedisNode n =
          RedisNode.builder(id, "127.0.0.1", s.port()).timeout(Duration.ofSeconds(1)).build();
      closeables.add(n);
      nodes.add(n);
    }
    ReplicatedStore store = store(StoreConfig.custom(), nodes);
    erosion(
        store,
        nodes,
        i -> {
          servers.get(i).kill();
          servers.get(i).startProcess(); // a fresh directory, no AOF: empty
        });
  }

  @Test
  void aRecoveringNodeTakesWritesButDoesNotCountTowardsReadsUntilItHasItsRanges() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<InMemoryNode> nodes = List.of(node("a"), node("b"), node("c"));
    ReplicatedStore store = store(StoreConfig.custom().meterRegistry(registry), nodes);
    store.putString("k", "v1");
    // b is down, so a, which comes back empty, cannot get its ranges from every other replica.
    nodes.get(1).fail();
    nodes.get(0).fail();
    nodes.get(0).recover(true);
    ReplicatedStoreTest.eventually(() -> store.isRecovering("a"), "a seen recovering");
    assertThat(store.recovery("a").orElseThrow().complete()).isFalse();
    assertThatThrownBy(() -> store.getString("k"))
        .isInstanceOf(QuorumNotReachedException.class)
        .hasMessageContaining("recovering");
    // Writes still reach W = 2 with a (recovering) and c.
    store.putString("k2", "w1");
    assertThat(nodes.get(0).get(b("k2"))).isPresent();
    assertThat(registry.get("storage.recovery.ranges.pending").gauge().value()).isEqualTo(16.0);

    nodes.get(1).recover(false);
    ReplicatedStoreTest.eventually(() -> !store.isRecovering("a"), "a recovered");
    assertThat(store.getString("k")).contains("v1");
    assertThat(store.getString("k2")).contains("w1");
    assertThat(nodes.get(0).get(b("k")).orElseThrow().valueAsString()).isEqualTo("v1");
    assertThat(registry.get("storage.recoveries").tag("reason", "missing_marker").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("storage.recovery.keys.streamed").counter().count()).isPositive();
    assertThat(registry.get("storage.recovery.bytes.streamed").counter().count()).isPositive();
    assertThat(registry.get("storage.recovery.ranges.pending").gauge().value()).isZero();
  }

  @Test
  void aNodeHoldingAnotherIncarnationIsRecoveredAndAFreshClusterIsNot() throws Exception {
    List<InMemoryNode> nodes = List.of(node("a"), node("b"), node("c"));
    ReplicatedStore store = store(StoreConfig.custom(), nodes);
    assertThat(store.recoveries()).as("a new cluster has nothing to recover").isEmpty();
    for (InMemoryNode n : nodes) {
      assertThat(n.incarnation().orElseThrow().ready()).isTrue();
    }
    store.putString("k", "v1");
    Incarnation replaced = Incarnation.fresh("a", true);
    nodes.get(0).writeIncarnation(replaced);
    ReplicatedStoreTest.eventually(
        () -> store.recovery("a").map(RecoveryProgress::complete).orElse(false), "a recovered");
    RecoveryProgress p = store.recovery("a").orElseThrow();
    assertThat(p.reason()).isEqualTo(RecoveryReason.CHANGED_INCARNATION);
    assertThat(p.incarnation()).as("the new token is adopted").isEqualTo(replaced.token());

    // A second store over the same nodes meets markers and has nothing to recover...
    ReplicatedStore second = store(StoreConfig.custom(), nodes);
    assertThat(second.recoveries()).isEmpty();
    // ...but one created while a node is empty recovers that node.
    nodes.get(2).fail();
    nodes.get(2).recover(true);
    ReplicatedStore third = store(StoreConfig.custom(), nodes);
    ReplicatedStoreTest.eventually(
        () -> third.recovery("c").map(RecoveryProgress::complete).orElse(false), "c recovered");
    assertThat(nodes.get(2).get(b("k"))).isPresent();
  }

  private InMemoryNode node(String id) {
    InMemoryNode n = new InMemoryNode(id);
    closeables.add(n);
    return n;
  }
}
