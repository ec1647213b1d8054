package dev.cloudnative.storage.bench;

import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.InMemoryNode;
import dev.cloudnative.storage.replication.ReplicatedStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of the store's meters: the same put and get over 5 in-memory nodes (N=3, QUORUM, the
 * coordinator's inline path) without a registry ({@code noop}: the store holds no meters) and with
 * a {@link PrometheusMeterRegistry} ({@code prometheus}: every call records into its resolved
 * {@code storage.operation.duration} timer), side by side in one run. Average time per operation,
 * so the two rows subtract.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StoreObservabilityBenchmark {
  @Param({"noop", "prometheus"})
  public String registry;

  ReplicatedStore store;
  PrometheusMeterRegistry prometheus;
  byte[][] keys;
  final byte[] value = new byte[100];

  @Setup(Level.Trial)
  public void setUp() {
    StoreConfig.Builder config = StoreConfig.custom();
    if ("prometheus".equals(registry)) {
      prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      config.meterRegistry(prometheus);
    } else if (!"noop".equals(registry)) {
      throw new IllegalArgumentException(
          "registry must be noop or prometheus, found '" + registry + "'");
    }
    store =
        KeyValueStore.replicated(
            config.build(),
            List.of(
                new InMemoryNode("a"),
                new InMemoryNode("b"),
                new InMemoryNode("c"),
                new InMemoryNode("d"),
                new InMemoryNode("e")));
    keys = new byte[8192][];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      store.put(keys[i], value);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    store.close();
    if (prometheus != null) {
      // Proves the timers recorded (a scrape with the series) and that the figures are real.
      String scrape = prometheus.scrape();
      if (!scrape.contains("storage_operation_duration_seconds_count")) {
        throw new IllegalStateException("no storage_operation_duration series in the scrape");
      }
      prometheus.close();
    }
  }

  @State(Scope.Thread)
  public static class Cursor {
    int i;
  }

  @Benchmark
  @Threads(1)
  public Object put(Cursor c) {
    return store.put(keys[c.i++ & 8191], value);
  }

  @Benchmark
  @Threads(1)
  public Optional<byte[]> get(Cursor c) {
    return store.get(keys[c.i++ & 8191]);
  }
}
