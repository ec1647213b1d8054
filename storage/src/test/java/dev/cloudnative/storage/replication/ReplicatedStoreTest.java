package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.Placement;
import dev.cloudnative.storage.QuorumNotReachedException;
import dev.cloudnative.storage.Rebalance;
import dev.cloudnative.storage.StorageException;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.VersionedValue;
import dev.cloudnative.storage.node.InMemoryNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReplicatedStoreTest {
  private final List<ReplicatedStore> stores = new ArrayList<>();

  @AfterEach
  void closeStores() {
    stores.forEach(ReplicatedStore::close);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<InMemoryNode> nodes(int n) {
    List<InMemoryNode> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new InMemoryNode("node-" + i));
    }
    return out;
  }

  ReplicatedStore store(StoreConfig config, List<? extends StorageNode> nodes) {
    ReplicatedStore s = KeyValueStore.replicated(config, nodes);
    stores.add(s);
    return s;
  }

  static StoreConfig.Builder fast() {
    return StoreConfig.custom().timeout(Duration.ofSeconds(2)).probeInterval(Duration.ofMillis(50));
  }

  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @ParameterizedTest
  @EnumSource(Placement.class)
  void putGetDeleteRoundTripWithEveryPlacement(Placement placement) {
    ReplicatedStore s = store(fast().placement(placement).build(), nodes(5));
    for (int i = 0; i < 200; i++) {
      s.putString("k" + i, "v" + i);
    }
    for (int i = 0; i < 200; i++) {
      assertThat(s.getString("k" + i)).contains("v" + i);
    }
    s.deleteString("k7");
    assertThat(s.getString("k7")).isEmpty();
    assertThat(s.getString("never")).isEmpty();
  }

  @Test
  void writesLandOnExactlyNDistinctReplicas() {
    List<InMemoryNode> nodes = nodes(5);
    ReplicatedStore s = store(fast().writeConsistency(Consistency.ALL).build(), nodes);
    s.putString("alpha", "1");
    List<String> replicas = s.replicasOf(b("alpha"));
    assertThat(replicas).hasSize(3).doesNotHaveDuplicates();
    for (InMemoryNode n : nodes) {
      assertThat(n.get(b("alpha")).isPresent()).isEqualTo(replicas.contains(n.id()));
    }
  }

  @Test
  void laterWriteWins() {
    ReplicatedStore s = store(fast().build(), nodes(3));
    Version v1 = s.putString("k", "first");
    Version v2 = s.putString("k", "second");
    assertThat(v2.isNewerThan(v1)).isTrue();
    assertThat(s.getString("k")).contains("second");
    assertThat(
            s.getVersioned(b("k"), Consistency.ALL, Duration.ofSeconds(1)).orElseThrow().version())
        .isEqualTo(v2);
  }

  @Test
  void quorumWriteSurvivesOneDownReplicaAndFailsWithTwo() {
    List<InMemoryNode> nodes = nodes(3);
    ReplicatedStore s = store(fast().hintedHandoff(false).build(), nodes);
    nodes.get(0).fail();
    s.putString("k", "ok with two");
    assertThat(s.getString("k")).contains("ok with two");
    nodes.get(1).fail();
    assertThatThrownBy(() -> s.putString("k2", "not enough"))
        .isInstanceOfSatisfying(
            QuorumNotReachedException.class,
            e -> {
              assertThat(e.required()).isEqualTo(2);
              assertThat(e.acknowledged()).isEqualTo(1);
              assertThat(e.failures())
                  .extracting(f -> f.nodeId())
                  .containsExactlyInAnyOrder("node-1", "node-2");
              assertThat(e.failures()).allSatisfy(f -> assertThat(f.reason()).isNotBlank());
            })
        .hasMessageContaining("node-1")
        .hasMessageContaining("node-2");
    // ONE still works; ALL fails.
    s.put(b("k3"), b("one"), Consistency.ONE);
    assertThatThrownBy(() -> s.put(b("k4"), b("all"), Consistency.ALL))
        .isInstanceOf(QuorumNotReachedException.class);
    assertThatThrownBy(() -> s.get(b("k3"), Consistency.QUORUM))
        .isInstanceOf(QuorumNotReachedException.class);
    assertThat(s.get(b("k3"), Consistency.ONE)).isPresent();
  }

  @Test
  void slowReplicaHitsThePerCallDeadline() {
    List<StorageNode> nodes = new ArrayList<>(nodes(2));
    nodes.add(new SlowNode("slow", Duration.ofSeconds(3)));
    ReplicatedStore s = store(fast().hintedHandoff(false).build(), nodes);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> s.put(b("x"), b("y"), Consistency.ALL, Duration.ofMillis(200)))
        .isInstanceOfSatisfying(
            QuorumNotReachedException.class,
            e ->
                assertThat(e.failures())
                    .anySatisfy(
                        f -> {
                          assertThat(f.nodeId()).isEqualTo("slow");
                          assertThat(f.reason()).contains("no answer within 200 ms");
                        }));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    s.put(b("x"), b("quorum ok"), Consistency.QUORUM, Duration.ofMillis(500));
  }

  @Test
  void readRepairFixesStaleAndMissingReplicas() throws Exception {
    List<InMemoryNode> nodes = nodes(3);
    ReplicatedStore s = store(fast().hintedHandoff(false).build(), nodes);
    s.putString("k", "old");
    nodes.get(2).fail();
    s.putString("k", "new");
    nodes.get(2).recover(false);
    eventually(() -> s.isUp("node-3"), "node-3 up");
    assertThat(nodes.get(2).get(b("k")).orElseThrow().valueAsString()).isEqualTo("old");
    assertThat(s.get(b("k"), Consistency.ALL).map(String::new)).contains("new");
    eventually(
        () -> nodes.get(2).get(b("k")).orElseThrow().valueAsString().equals("new"), "read repair");
    // A replica that lost everything is repaired too.
    nodes.get(1).recover(true);
    s.get(b("k"), Consistency.ALL);
    eventually(() -> nodes.get(1).get(b("k")).isPresent(), "repair of wiped replica");
  }

  @Test
  void hintedHandoffDeliversWritesMissedWhileDown() throws Exception {
    List<InMemoryNode> nodes = nodes(5);
    ReplicatedStore s = store(fast().build(), nodes);
    InMemoryNode down = nodes.get(0);
    down.fail();
    int written = 0;
    for (int i = 0; i < 300; i++) {
      s.putString("h" + i, "v" + i);
      written++;
    }
    eventually(() -> !s.isUp("node-1"), "node-1 marked down");
    assertThat(s.pendingHints()).isPositive();
    down.recover(false);
    eventually(() -> s.pendingHints() == 0, "hints drained");
    int owned = 0;
    for (int i = 0; i < written; i++) {
      if (s.replicasOf(b("h" + i)).contains("node-1")) {
        owned++;
        assertThat(down.get(b("h" + i)).orElseThrow().valueAsString()).isEqualTo("v" + i);
      }
    }
    assertThat(owned).isPositive();
    assertThat(s.hintsReplayed()).isGreaterThanOrEqualTo(owned);
  }

  @Test
  void sloppyQuorumCountsHintsButStrictDoesNot() {
    List<InMemoryNode> nodes = nodes(4);
    ReplicatedStore strict = store(fast().build(), nodes);
    byte[] key = b("sloppy");
    List<String> replicas = strict.replicasOf(key);
    nodes.stream()
        .filter(n -> !n.id().equals(replicas.get(0)))
        .filter(n -> replicas.contains(n.id()))
        .forEach(InMemoryNode::fail);
    assertThatThrownBy(() -> strict.put(key, b("v")))
        .isInstanceOf(QuorumNotReachedException.class)
        .hasMessageContaining("hinted to");
    List<InMemoryNode> nodes2 = nodes(4);
    ReplicatedStore sloppy = store(fast().sloppyQuorum(true).build(), nodes2);
    List<String> replicas2 = sloppy.replicasOf(key);
    nodes2.stream()
        .filter(n -> !n.id().equals(replicas2.get(0)))
        .filter(n -> replicas2.contains(n.id()))
        .forEach(InMemoryNode::fail);
    sloppy.put(key, b("v"));
  }

  @Test
  void tombstonesHideValuesAndArePurgedAfterGrace() throws Exception {
    List<InMemoryNode> nodes = nodes(3);
    ReplicatedStore s = store(fast().tombstoneGrace(Duration.ofMillis(300)).build(), nodes);
    s.putString("gone", "x");
    s.delete(b("gone"), Consistency.ALL);
    assertThat(s.getString("gone")).isEmpty();
    assertThat(nodes.get(0).get(b("gone")).orElseThrow().isTombstone()).isTrue();
    Thread.sleep(350);
    assertThat(s.purgeTombstones()).isEqualTo(3);
    assertThat(nodes).allSatisfy(n -> assertThat(n.get(b("gone"))).isEmpty());
  }

  @Test
  void antiEntropyConvergesAllReplicas() {
    List<InMemoryNode> nodes = nodes(4);
    ReplicatedStore s = store(fast().hintedHandoff(false).build(), nodes);
    for (int i = 0; i < 100; i++) {
      s.putString("a" + i, "v" + i);
    }
    nodes.get(1).recover(true); // lose a disk
    var report = s.antiEntropy();
    assertThat(report.replicasUpdated()).isPositive();
    for (int i = 0; i < 100; i++) {
      for (String id : s.replicasOf(b("a" + i))) {
        InMemoryNode n = nodes.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        assertThat(n.get(b("a" + i)).orElseThrow().valueAsString()).isEqualTo("v" + i);
      }
    }
    assertThat(s.antiEntropy().replicasUpdated()).isZero();
  }

  @Test
  void membershipChangesStreamKeysWhileWritesContinue() throws Exception {
    List<InMemoryNode> nodes = nodes(4);
    ReplicatedStore s = store(fast().build(), nodes);
    for (int i = 0; i < 2000; i++) {
      s.putString("m" + i, "v" + i);
    }
    Map<String, String> latest = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger counter = new AtomicInteger();
    ExecutorService writers = Executors.newFixedThreadPool(2);
    List<Future<?>> fs = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      fs.add(
          writers.submit(
              () -> {
                while (!stop.get()) {
                  int i = counter.incrementAndGet() % 2000;
                  String key = "m" + i;
                  synchronized (latest) {
                    String v = "w" + counter.get();
                    s.putString(key, v);
                    latest.put(key, v);
                  }
                }
              }));
    }
    InMemoryNode added = new InMemoryNode("node-5");
    Rebalance add = s.addNode(added);
    // Concurrent writes may reach the new owner before the stream does, so copies can be fewer.
    assertThat(add.keysMoved()).isPositive();
    assertThat(add.movedFraction()).isBetween(0.05, 0.5);
    Rebalance remove = s.removeNode("node-2");
    assertThat(remove.keysMoved()).isPositive();
    stop.set(true);
    for (Future<?> f : fs) {
      f.get(30, TimeUnit.SECONDS);
    }
    writers.shutdown();
    assertThat(s.nodeIds()).contains("node-5").doesNotContain("node-2");
    for (int i = 0; i < 2000; i++) {
      String key = "m" + i;
      String expected = latest.getOrDefault(key, "v" + i);
      assertThat(s.getString(key)).as(key).contains(expected);
      List<String> replicas = s.replicasOf(b(key));
      if (replicas.contains("node-5")) {
        assertThat(added.get(b(key))).as("new owner has %s", key).isPresent();
      }
    }
  }

  @Test
  void addAndRemoveStreamExactlyTheKeysWhoseOwnersChanged() {
    List<InMemoryNode> nodes = nodes(4);
    ReplicatedStore s = store(fast().writeConsistency(Consistency.ALL).build(), nodes);
    for (int i = 0; i < 1000; i++) {
      s.putString("s" + i, "v" + i);
    }
    var before = s.locator();
    InMemoryNode added = new InMemoryNode("node-5");
    Rebalance add = s.addNode(added);
    var after = s.locator();
    int changed = 0;
    int newCopies = 0;
    for (int i = 0; i < 1000; i++) {
      byte[] k = b("s" + i);
      int[] x = new int[3];
      int[] y = new int[3];
      before.preferenceList(before.hash(k), 3, x);
      after.preferenceList(after.hash(k), 3, y);
      List<String> oldOwners =
          List.of(before.nodes().get(x[0]), before.nodes().get(x[1]), before.nodes().get(x[2]));
      List<String> newOwners =
          List.of(after.nodes().get(y[0]), after.nodes().get(y[1]), after.nodes().get(y[2]));
      if (!oldOwners.equals(newOwners)) {
        changed++;
        newCopies += (int) newOwners.stream().filter(o -> !oldOwners.contains(o)).count();
      }
    }
    assertThat(add.keysMoved()).isEqualTo(changed);
    assertThat(add.copiesStreamed()).isEqualTo(newCopies);
    assertThat(added.size())
        .isEqualTo(newCopies); // only node-5 is new, and it got exactly its keys
    // Copies the old owners no longer need were dropped: every node holds exactly its own keys.
    for (InMemoryNode n : nodes) {
      n.forEach((k, v) -> assertThat(s.replicasOf(k)).contains(n.id()));
    }
    Rebalance remove = s.removeNode("node-5");
    assertThat(remove.keysMoved()).isEqualTo(changed);
    for (int i = 0; i < 1000; i++) {
      assertThat(s.getString("s" + i)).contains("v" + i);
    }
  }

  @Test
  void badInputIsAnIllegalArgumentExceptionThatCatchingStorageExceptionDoesNotSwallow() {
    ReplicatedStore s = store(fast().maxKeyBytes(16).build(), nodes(3));
    Throwable thrown =
        catchThrowable(
            () -> {
              try {
                s.put(new byte[17], b("v"));
              } catch (StorageException operational) {
                throw new AssertionError("bad input was caught as a storage failure", operational);
              }
            });
    assertThat(thrown)
        .isInstanceOf(InvalidRequestException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(StorageException.class)
        .hasMessageContaining("17 bytes");
  }

  @Test
  void rejectsBadInputWithClearMessages() {
    ReplicatedStore s = store(fast().maxKeyBytes(16).maxValueBytes(32).build(), nodes(3));
    assertThatThrownBy(() -> s.put(null, b("v")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> s.put(new byte[0], b("v")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("0 bytes")
        .hasMessageContaining("allowed 1..16");
    assertThatThrownBy(() -> s.put(new byte[17], b("v")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("17 bytes")
        .hasMessageContaining("16");
    assertThatThrownBy(() -> s.put(b("k"), new byte[33]))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("33 bytes")
        .hasMessageContaining("32");
    assertThatThrownBy(() -> s.put(b("k"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThatThrownBy(() -> s.get(b("k"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("consistency");
    assertThatThrownBy(() -> s.put(b("k"), b("v"), Consistency.ONE, Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> store(fast().replicationFactor(5).build(), nodes(3)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("replicationFactor 5")
        .hasMessageContaining("3 nodes");
    assertThatThrownBy(() -> StoreConfig.custom().replicationFactor(3).writeQuorum(4).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("writeQuorum 4");
    assertThatThrownBy(() -> StoreConfig.custom().replicationFactor(0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("found 0");
    assertThatThrownBy(
            () ->
                store(
                    fast().build(),
                    List.of(new InMemoryNode("a"), new InMemoryNode("a"), new InMemoryNode("b"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'a'");
    assertThatThrownBy(() -> s.removeNode("ghost")).isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> s.removeNode("node-1"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("fewer than replicationFactor");
  }

  @Test
  void configReportsReadYourWrites() {
    assertThat(StoreConfig.ofDefaults().readYourWrites()).isTrue();
    assertThat(
            StoreConfig.custom()
                .readConsistency(Consistency.ONE)
                .writeConsistency(Consistency.ONE)
                .build()
                .readYourWrites())
        .isFalse();
    assertThat(
            StoreConfig.custom()
                .readConsistency(Consistency.ONE)
                .writeConsistency(Consistency.ALL)
                .build()
                .readYourWrites())
        .isTrue();
  }

  @Test
  void concurrentClientsSeeTheirOwnWrites() throws Exception {
    ReplicatedStore s = store(fast().build(), nodes(5));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int id = t;
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    String key = "c" + id + "-" + (i % 50);
                    s.putString(key, "v" + i);
                    assertThat(s.getString(key)).contains("v" + i);
                  }
                }));
      }
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A node whose calls take longer than any sensible deadline. */
  static final class SlowNode implements StorageNode {
    private final InMemoryNode delegate;
    private final Duration delay;

    SlowNode(String id, Duration delay) {
      this.delegate = new InMemoryNode(id);
      this.delay = delay;
    }

    private void pause() {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public boolean putIfNewer(byte[] key, VersionedValue value) {
      pause();
      return delegate.putIfNewer(key, value);
    }

    @Override
    public Optional<VersionedValue> get(byte[] key) {
      pause();
      return delegate.get(key);
    }

    @Override
    public boolean removeIfVersion(byte[] key, Version version) {
      return delegate.removeIfVersion(key, version);
    }

    @Override
    public void forEach(java.util.function.BiConsumer<byte[], VersionedValue> action) {
      delegate.forEach(action);
    }

    @Override
    public boolean putHint(String target, byte[] key, VersionedValue value) {
      return delegate.putHint(target, key, value);
    }

    @Override
    public List<dev.cloudnative.storage.Hint> hints(String target, int max) {
      return delegate.hints(target, max);
    }

    @Override
    public boolean removeHint(String target, byte[] key, Version version) {
      return delegate.removeHint(target, key, version);
    }

    @Override
    public java.util.Set<String> hintTargets() {
      return delegate.hintTargets();
    }

    @Override
    public long hintCount() {
      return delegate.hintCount();
    }

    @Override
    public Optional<dev.cloudnative.storage.Incarnation> incarnation() {
      return delegate.incarnation();
    }

    @Override
    public void writeIncarnation(dev.cloudnative.storage.Incarnation incarnation) {
      delegate.writeIncarnation(incarnation);
    }

    @Override
    public void ping() {
      delegate.ping();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @Test
  void coordinatorOperationsAreRefusedAfterCloseAndCloseIsIdempotent() throws Exception {
    List<InMemoryNode> nodes = nodes(4);
    ReplicatedStore s = store(fast().build(), nodes);
    s.putString("k", "v");
    ExecutorService closers = Executors.newFixedThreadPool(2);
    try {
      Future<?> first = closers.submit(s::close);
      Future<?> second = closers.submit(s::close);
      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
    } finally {
      closers.shutdownNow();
    }
    s.close();
    List<org.assertj.core.api.ThrowableAssert.ThrowingCallable> operations =
        List.of(
            s::locator,
            () -> s.isUp("node-1"),
            () -> s.replicasOf(b("k")),
            s::pendingHints,
            s::hintsReplayed,
            s::replayHints,
            s::antiEntropy,
            s::purgeTombstones,
            () -> s.addNode(new InMemoryNode("node-5")),
            () -> s.addNode(new InMemoryNode("node-5"), 2),
            () -> s.removeNode("node-1"),
            s::nodeIds,
            s::health,
            s::recoveries,
            () -> s.recovery("node-1"),
            () -> s.isRecovering("node-1"),
            () -> s.incarnation("node-1"));
    for (org.assertj.core.api.ThrowableAssert.ThrowingCallable operation : operations) {
      assertThatThrownBy(operation)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("replicated store is closed");
    }
  }

  @Test
  void aClosedNodeIsAnUnavailableReplicaToTheStore() {
    List<InMemoryNode> nodes = nodes(3);
    ReplicatedStore s = store(fast().build(), nodes);
    nodes.get(0).close();
    s.putString("k", "v");
    assertThat(s.getString("k")).contains("v");
    assertThat(s.isUp("node-1")).isFalse();
  }
}
