package dev.cloudnative.storage.bench;

import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.InMemoryNode;
import dev.cloudnative.storage.replication.ReplicatedStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Replicated put/get throughput over 5 in-memory nodes, N=3, QUORUM reads and writes, 1 and 2
 * threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreBenchmark {
  ReplicatedStore store;
  byte[][] keys;
  final byte[] value = new byte[100];

  @Setup(Level.Trial)
  public void setUp() {
    store =
        KeyValueStore.replicated(
            StoreConfig.ofDefaults(),
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
  }

  @State(Scope.Thread)
  public static class Cursor {
    int i;
  }

  @Benchmark
  @Threads(1)
  public Object put1(Cursor c) {
    return store.put(keys[c.i++ & 8191], value);
  }

  @Benchmark
  @Threads(2)
  public Object put2(Cursor c) {
    return store.put(keys[c.i++ & 8191], value);
  }

  @Benchmark
  @Threads(1)
  public Optional<byte[]> get1(Cursor c) {
    return store.get(keys[c.i++ & 8191]);
  }

  @Benchmark
  @Threads(2)
  public Optional<byte[]> get2(Cursor c) {
    return store.get(keys[c.i++ & 8191]);
  }
}
