package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.QuorumNotReachedException;
import dev.cloudnative.storage.RepairReport;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.InMemoryNode;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's meters read back from a {@link SimpleMeterRegistry}, its observations from a {@link
 * TestObservationRegistry}, the no-op default, and the allocation of the in-memory fast path with a
 * real registry. Over in-memory nodes; {@code RedisStoreObservabilityTest} repeats the core over
 * redis-server.
 */
class StoreObservabilityTest {
  private static final String DURATION = "storage.operation.duration";
  private final List<ReplicatedStore> stores = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void closeStores() {
    stores.forEach(ReplicatedStore::close);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<InMemoryNode> nodes(int n) {
    List<InMemoryNode> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new InMemoryNode("node-" + i));
    }
    return out;
  }

  private ReplicatedStore store(StoreConfig config, List<? extends StorageNode> nodes) {
    ReplicatedStore s = KeyValueStore.replicated(config, nodes);
    stores.add(s);
    return s;
  }

  private StoreConfig.Builder metered() {
    return StoreConfig.custom()
        .timeout(Duration.ofSeconds(2))
        .probeInterval(Duration.ofMillis(50))
        .meterRegistry(meters);
  }

  private static long count(MeterRegistry r, String op, String consistency, String outcome) {
    Timer t =
        r.find(DURATION)
            .tags("operation", op, "consistency", consistency, "outcome", outcome)
            .timer();
    return t == null ? 0 : t.count();
  }

  private double counter(String name) {
    return meters.get(name).counter().count();
  }

  private static void eventually(BooleanSupplier condition, String what)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void operationsAreTimedByOperationConsistencyAndOutcome() {
    ReplicatedStore s = store(metered().build(), nodes(3));
    for (int i = 0; i < 3; i++) {
      s.put(b("k" + i), b("v" + i));
    }
    s.put(b("k9"), b("v9"), Consistency.ALL);
    s.get(b("k0"), Consistency.ONE);
    s.get(b("k1"), Consistency.ONE);
    s.getString("absent");
    s.delete(b("k2"), Consistency.ALL);
    assertThatThrownBy(() -> s.put(new byte[0], b("v")))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> s.getVersioned(b("k"), Consistency.ONE, Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class);
    RepairReport report = s.antiEntropy();
    s.replayHints();
    s.purgeTombstones();

    assertThat(count(meters, "put", "quorum", "success")).isEqualTo(3);
    assertThat(count(meters, "put", "all", "success")).isEqualTo(1);
    assertThat(count(meters, "get", "one", "success")).isEqualTo(2);
    assertThat(count(meters, "get", "quorum", "success")).isEqualTo(1);
    assertThat(count(meters, "delete", "all", "success")).isEqualTo(1);
    assertThat(count(meters, "put", "quorum", "invalid_request")).isEqualTo(1);
    assertThat(count(meters, "get", "one", "invalid_request")).isEqualTo(1);
    assertThat(count(meters, "anti_entropy", "none", "success")).isEqualTo(1);
    assertThat(count(meters, "replay_hints", "none", "success")).isEqualTo(1);
    assertThat(count(meters, "purge_tombstones", "none", "success")).isEqualTo(1);
    // Nothing else was timed: every timer is one of the combinations above.
    assertThat(meters.find(DURATION).timers().stream().mapToLong(Timer::count).sum()).isEqualTo(13);
    assertThat(meters.get(DURATION).tags("operation", "put", "outcome", "success").timers())
        .allSatisfy(t -> assertThat(t.totalTime(TimeUnit.NANOSECONDS)).isNotNegative());
    // Four keys on three replicas each (the tombstone included): every entry compared, none stale.
    assertThat(report.entriesScanned()).isEqualTo(12);
    assertThat(counter("storage.anti_entropy.entries.scanned")).isEqualTo(12);
    assertThat(counter("storage.anti_entropy.replicas.updated")).isZero();
    assertThat(counter("storage.read.repairs")).isZero();
    assertThat(meters.get("storage.quorum.failures").counters())
        .hasSize(9)
        .allSatisfy(c -> assertThat(c.count()).isZero());
    // Every meter of one name has the same tag keys.
    assertThat(meters.find(DURATION).meters())
        .allSatisfy(
            m ->
                assertThat(m.getId().getTags())
                    .extracting(io.micrometer.core.instrument.Tag::getKey)
                    .containsExactlyInAnyOrder("operation", "consistency", "outcome"));
  }

  @Test
  void aQuorumFailureIsCountedWithItsOutcome() {
    List<InMemoryNode> nodes = nodes(3);
    ReplicatedStore s = store(metered().hintedHandoff(false).build(), nodes);
    s.putString("k", "v");
    nodes.get(0).fail();
    nodes.get(1).fail();
    assertThatThrownBy(() -> s.putString("k", "w")).isInstanceOf(QuorumNotReachedException.class);
    assertThatThrownBy(() -> s.get(b("k"), Consistency.ALL))
        .isInstanceOf(QuorumNotReachedException.class);
    assertThat(s.get(b("k"), Consistency.ONE)).isPresent();

    assertThat(count(meters, "put", "quorum", "quorum_not_reached")).isEqualTo(1);
    assertThat(count(meters, "put", "quorum", "success")).isEqualTo(1);
    assertThat(count(meters, "get", "all", "quorum_not_reached")).isEqualTo(1);
    assertThat(count(meters, "get", "one", "success")).isEqualTo(1);
    assertThat(
            meters
                .get("storage.quorum.failures")
                .tags("operation", "put", "consistency", "quorum")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            meters
                .get("storage.quorum.failures")
                .tags("operation", "get", "consistency", "all")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            meters.get("storage.quorum.failures").counters().stream().mapToDouble(c -> c.count()))
        .containsExactlyInAnyOrder(1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    assertThat(nodeUp("node-1")).isZero();
    assertThat(nodeUp("node-2")).isZero();
    assertThat(nodeUp("node-3")).isEqualTo(1);
  }

  private double nodeUp(String node) {
    return meters.get("storage.node.up").tag("node", node).gauge().value();
  }

  @Test
  void readRepairIsCounted() throws Exception {
    List<InMemoryNode> nodes = nodes(3);
    ReplicatedStore s = store(metered().hintedHandoff(false).build(), nodes);
    s.putString("k", "old");
    nodes.get(2).fail();
    s.putString("k", "new");
    nodes.get(2).recover(false);
    eventually(() -> s.isUp("node-3"), "node-3 up");
    assertThat(counter("storage.read.repairs")).isZero();
    assertThat(s.get(b("k"), Consistency.ALL).map(String::new)).contains("new");
    eventually(() -> counter("storage.read.repairs") == 1, "one stale replica repaired");
    nodes.get(1).recover(true);
    s.get(b("k"), Consistency.ALL);
    eventually(() -> counter("storage.read.repairs") == 2, "the wiped replica repaired too");
    s.get(b("k"), Consistency.ALL);
    assertThat(counter("storage.read.repairs")).as("nothing stale any more").isEqualTo(2);
  }

  @Test
  void hintsAreCountedAndThePendingGaugeMoves() throws Exception {
    List<InMemoryNode> nodes = nodes(5);
    ReplicatedStore s = store(metered().build(), nodes);
    InMemoryNode down = nodes.get(0);
    down.fail();
    int owned = 0;
    for (int i = 0; i < 100; i++) {
      s.putString("h" + i, "v" + i);
      if (s.replicasOf(b("h" + i)).contains("node-1")) {
        owned++;
      }
    }
    assertThat(owned).isPositive();
    int expected = owned;
    // The write returns on W acknowledgements; the copy for the down node is hinted on the I/O
    // pool, possibly after.
    eventually(() -> counter("storage.hints.written") == expected, expected + " hints written");
    eventually(
        () -> meters.get("storage.hints.pending").gauge().value() == expected,
        "pending hints gauge at " + expected);
    assertThat(meters.get("storage.node.up").tag("node", "node-1").gauge().value()).isZero();
    assertThat(counter("storage.hints.replayed")).isZero();

    down.recover(false);
    eventually(
        () -> meters.get("storage.hints.pending").gauge().value() == 0, "pending hints drained");
    assertThat(counter("storage.hints.replayed")).isEqualTo(expected);
    assertThat(meters.get("storage.node.up").tag("node", "node-1").gauge().value()).isEqualTo(1);
  }

  @Test
  void nodeGaugesFollowMembershipAndCloseRemovesEveryGauge() {
    ReplicatedStore s = store(metered().replicationFactor(2).build(), nodes(3));
    assertThat(meters.get("storage.node.up").gauges()).hasSize(3);
    s.putString("k", "v");
    s.addNode(new InMemoryNode("node-4"));
    assertThat(meters.get("storage.node.up").tag("node", "node-4").gauge().value()).isEqualTo(1);
    s.removeNode("node-1");
    assertThat(meters.find("storage.node.up").tag("node", "node-1").gauge()).isNull();
    assertThatThrownBy(() -> s.removeNode("node-9")).isInstanceOf(InvalidRequestException.class);
    assertThat(count(meters, "add_node", "none", "success")).isEqualTo(1);
    assertThat(count(meters, "remove_node", "none", "success")).isEqualTo(1);
    assertThat(count(meters, "remove_node", "none", "invalid_request")).isEqualTo(1);

    s.close();
    s.close();
    assertThat(meters.find("storage.node.up").gauges()).isEmpty();
    assertThat(meters.find("storage.hints.pending").gauges()).isEmpty();
    assertThat(meters.find("storage.recovery.ranges.pending").gauges()).isEmpty();
    // Timers and counters are cumulative and stay.
    assertThat(count(meters, "put", "quorum", "success")).isEqualTo(1);
    assertThat(meters.find("storage.quorum.failures").counters()).hasSize(9);
  }

  @Test
  void everyOperationIsAnObservationWithTheMeterTagsAsKeyValues() {
    TestObservationRegistry observations = TestObservationRegistry.create();
    List<InMemoryNode> nodes = nodes(3);
    ReplicatedStore s =
        store(
            StoreConfig.custom().hintedHandoff(false).observationRegistry(observations).build(),
            nodes);
    s.putString("k", "v");
    s.get(b("k"), Consistency.ONE);
    s.delete(b("k"), Consistency.ALL);
    s.antiEntropy();
    nodes.get(0).fail();
    nodes.get(1).fail();
    assertThatThrownBy(() -> s.get(b("k"), Consistency.ALL))
        .isInstanceOf(QuorumNotReachedException.class);

    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsEqualTo(5)
        .hasNumberOfObservationsWithNameEqualTo("storage.get", 2)
        .hasObservationWithNameEqualTo("storage.put")
        .that()
        .hasLowCardinalityKeyValue("operation", "put")
        .hasLowCardinalityKeyValue("consistency", "quorum")
        .hasBeenStarted()
        .hasBeenStopped()
        .doesNotHaveError()
        .backToTestObservationRegistry()
        .hasObservationWithNameEqualTo("storage.delete")
        .that()
        .hasLowCardinalityKeyValue("operation", "delete")
        .hasLowCardinalityKeyValue("consistency", "all")
        .hasBeenStopped()
        .backToTestObservationRegistry()
        .hasObservationWithNameEqualTo("storage.anti_entropy")
        .that()
        .hasLowCardinalityKeyValue("operation", "anti_entropy")
        .hasLowCardinalityKeyValue("consistency", "none")
        .hasBeenStopped();
    TestObservationRegistryAssert.assertThat(observations)
        .hasHandledContextsThatSatisfy(
            contexts -> {
              List<Observation.Context> gets =
                  contexts.stream().filter(c -> "storage.get".equals(c.getName())).toList();
              assertThat(gets)
                  .extracting(c -> c.getLowCardinalityKeyValue("consistency").getValue())
                  .containsExactly("one", "all");
              assertThat(gets.get(0).getError()).isNull();
              assertThat(gets.get(1).getError()).isInstanceOf(QuorumNotReachedException.class);
            });
  }

  @Test
  void theDefaultRegistersNoMeterAndStartsNoObservation() {
    StoreConfig defaults = StoreConfig.ofDefaults();
    assertThat(defaults.meterRegistry()).isEmpty();
    assertThat(defaults.observationRegistry()).isSameAs(ObservationRegistry.NOOP);
    // Not even the global registry: a store without a registry has no meters at all.
    SimpleMeterRegistry global = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(global);
    try {
      List<InMemoryNode> nodes = nodes(3);
      ReplicatedStore s = store(StoreConfig.custom().build(), nodes);
      s.putString("k", "v");
      s.getString("k");
      s.deleteString("k");
      s.antiEntropy();
      s.addNode(new InMemoryNode("node-4"));
      nodes.get(0).fail();
      s.putString("k", "w");
      s.close();
      assertThat(global.getMeters()).extracting(Meter::getId).isEmpty();
      assertThat(Search.in(Metrics.globalRegistry).name(n -> n.startsWith("storage.")).meters())
          .isEmpty();
    } finally {
      Metrics.globalRegistry.remove(global);
      global.close();
    }
    assertThatThrownBy(() -> StoreConfig.custom().meterRegistry(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("meterRegistry");
    assertThatThrownBy(() -> StoreConfig.custom().observationRegistry(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("observationRegistry");
  }

  /**
   * The in-memory fast path allocates no more with a real registry than without: the timers are
   * resolved once and recording into them allocates nothing. Bytes are counted per thread by the
   * JVM, so the check is exact rather than timed; each figure is the lowest of several rounds, so a
   * round that ran before the JIT compiled the path (and allocated more in both) does not count.
   */
  @Test
  void withARealRegistryTheInMemoryFastPathAllocatesNoMoreThanWithout() {
    List<InMemoryNode> plainNodes = nodes(5);
    List<InMemoryNode> meteredNodes = nodes(5);
    ReplicatedStore plain = store(StoreConfig.ofDefaults(), plainNodes);
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ReplicatedStore metered =
        store(StoreConfig.custom().meterRegistry(prometheus).build(), meteredNodes);
    byte[][] keys = new byte[1024][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = b("key-" + i);
    }
    byte[] value = new byte[100];
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
    int ops = 20_000;
    // Warm-up (not measured): gives the JIT time to compile both paths on a loaded machine.
    for (int round = 0; round < 5; round++) {
      puts(plain, keys, value, ops);
      puts(metered, keys, value, ops);
      gets(plain, keys, ops);
      gets(metered, keys, ops);
    }
    for (int round = 0; round < 12; round++) {
      best[0] = Math.min(best[0], bytesPerOp(() -> puts(plain, keys, value, ops), ops));
      best[1] = Math.min(best[1], bytesPerOp(() -> puts(metered, keys, value, ops), ops));
      best[2] = Math.min(best[2], bytesPerOp(() -> gets(plain, keys, ops), ops));
      best[3] = Math.min(best[3], bytesPerOp(() -> gets(metered, keys, ops), ops));
    }
    assertThat(count(prometheus, "put", "quorum", "success")).isEqualTo(17L * ops);
    assertThat(count(prometheus, "get", "quorum", "success")).isEqualTo(17L * ops);
    // The smallest object is 16 bytes: a meter looked up or a sample allocated per call would add
    // at least that much per op. Less than that is JIT noise (escape analysis not yet applied to
    // one of the two paths on a loaded machine), seen as a few bytes/op either way.
    assertThat(best[1])
        .as("put bytes/op with a registry vs %d without", best[0])
        .isLessThan(best[0] + 16);
    assertThat(best[3])
        .as("get bytes/op with a registry vs %d without", best[2])
        .isLessThan(best[2] + 16);
    System.out.printf(
        "in-memory fast path, bytes/op: put %d (no-op) %d (prometheus), get %d (no-op) %d"
            + " (prometheus)%n",
        best[0], best[1], best[2], best[3]);
  }

  private static void puts(ReplicatedStore s, byte[][] keys, byte[] value, int ops) {
    for (int i = 0; i < ops; i++) {
      s.put(keys[i & (keys.length - 1)], value);
    }
  }

  private static void gets(ReplicatedStore s, byte[][] keys, int ops) {
    for (int i = 0; i < ops; i++) {
      s.get(keys[i & (keys.length - 1)]);
    }
  }

  private static long bytesPerOp(Runnable work, int ops) {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(id);
    work.run();
    return (mx.getThreadAllocatedBytes(id) - before) / ops;
  }
}
