package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.Consistency;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.RedisServer;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.RedisNode;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store's meters and observations over three real redis-server processes, where every replica
 * call goes through the I/O pool (the general path, not the in-memory one): operations timed by
 * consistency and outcome, a killed server's hints written, counted as pending and its health gauge
 * at 0. Skipped without redis-server unless CI=true.
 */
class RedisStoreObservabilityTest {
  private final List<RedisServer> servers = new ArrayList<>();
  private final List<RedisNode> nodes = new ArrayList<>();
  private ClientResources resources;
  private ReplicatedStore store;

  @AfterEach
  void stop() {
    if (store != null) {
      store.close();
    }
    nodes.forEach(RedisNode::close);
    servers.forEach(RedisServer::close);
    if (resources != null) {
      resources.shutdown();
    }
  }

  private static void eventually(BooleanSupplier condition, String what)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void redisBackedOperationsAreTimedCountedAndObserved() throws Exception {
    for (int i = 0; i < 3; i++) {
      servers.add(RedisServer.start(false));
    }
    resources = DefaultClientResources.create();
    for (int i = 0; i < servers.size(); i++) {
      nodes.add(
          RedisNode.builder("r" + i, "127.0.0.1", servers.get(i).port())
              .timeout(Duration.ofSeconds(1))
              .clientResources(resources)
              .build());
    }
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TestObservationRegistry observations = TestObservationRegistry.create();
    store =
        KeyValueStore.replicated(
            StoreConfig.custom()
                .timeout(Duration.ofSeconds(3))
                .probeInterval(Duration.ofMillis(100))
                .meterRegistry(meters)
                .observationRegistry(observations)
                .build(),
            nodes);
    for (int i = 0; i < 10; i++) {
      store.putString("k" + i, "v" + i);
    }
    for (int i = 0; i < 10; i++) {
      assertThat(store.get(("k" + i).getBytes(StandardCharsets.UTF_8), Consistency.ONE))
          .isPresent();
    }
    assertThat(timer(meters, "put", "quorum", "success").count()).isEqualTo(10);
    assertThat(timer(meters, "get", "one", "success").count()).isEqualTo(10);
    // A Redis round trip takes measurable time, so the total is positive here.
    assertThat(timer(meters, "put", "quorum", "success").totalTime(TimeUnit.NANOSECONDS))
        .isPositive();
    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("storage.put", 10)
        .hasNumberOfObservationsWithNameEqualTo("storage.get", 10);

    servers.get(0).kill();
    // N = 3 on three nodes: every key is on r0, so the write hints r0's copy to another node.
    // The write returns once r1 and r2 acknowledged; r0's failure and its hint may come after.
    store.putString("after-kill", "v");
    eventually(
        () -> meters.get("storage.hints.written").counter().count() == 1, "r0's copy hinted");
    eventually(
        () -> meters.get("storage.node.up").tag("node", "r0").gauge().value() == 0,
        "r0 marked down");
    eventually(
        () -> meters.get("storage.hints.pending").gauge().value() == 1, "one pending hint counted");
    assertThat(timer(meters, "put", "quorum", "success").count()).isEqualTo(11);
  }

  private static Timer timer(
      SimpleMeterRegistry meters, String op, String consistency, String outcome) {
    return meters
        .get("storage.operation.duration")
        .tags("operation", op, "consistency", consistency, "outcome", outcome)
        .timer();
  }
}
