package dev.cloudnative.storage.bench;

import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.RedisServer;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.Version;
import dev.cloudnative.storage.node.RedisNode;
import dev.cloudnative.storage.replication.HybridLogicalClock;
import dev.cloudnative.storage.replication.ReplicatedStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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
 * What the coordinator costs over the network: a QUORUM put and get (N=3, W=R=2) through a {@link
 * ReplicatedStore} over three real redis-servers, against raw Lettuce async doing the same work by
 * hand: the same newer-wins Lua script (EVALSHA) or GET, sent to the three servers in parallel,
 * waiting for two replies, over one connection per server on both sides. One caller measures
 * latency (AverageTime, µs/op), sixteen measure throughput (ops/s); each store benchmark runs right
 * after its raw twin ({@code get1Raw}, {@code get1Store}, ...), so that a shared machine's load
 * drifts as little as possible between the two sides of a ratio. The redis-servers are child
 * processes on loopback ports, started in {@link #setUp} and killed in {@link #tearDown}; without a
 * redis-server binary the trial aborts (see {@link RedisServer}).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RawLettuceBenchmark {
  private static final int KEYS = 1024;

  /** The text of RedisNode's put-if-newer script, so the raw side does the same server work. */
  private static final String PUT_IF_NEWER =
      """
      local function newer(a, b)
        for i = 1, 32, 8 do
          local x = tonumber(string.sub(a, i, i + 7), 16)
          local y = tonumber(string.sub(b, i, i + 7), 16)
          if x ~= y then return x > y end
        end
        return false
      end
      local cur = redis.call('GETRANGE', KEYS[1], 0, 31)
      if cur == '' or newer(string.sub(ARGV[1], 1, 32), cur) then
        redis.call('SET', KEYS[1], ARGV[1])
        return 1
      end
      return 0
      """;

  final List<RedisServer> servers = new ArrayList<>();
  final List<RedisNode> nodes = new ArrayList<>();
  ReplicatedStore store;
  RedisClient[] clients;
  StatefulRedisConnection<byte[], byte[]>[] connections;
  RedisAsyncCommands<byte[], byte[]>[] raw;
  String sha;
  final HybridLogicalClock clock = new HybridLogicalClock();
  final byte[][] storeKeys = new byte[KEYS][];
  final byte[][] rawKeys = new byte[KEYS][];
  final byte[] value = new byte[100];

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void setUp() throws Exception {
    for (int i = 0; i < 3; i++) {
      servers.add(RedisServer.start(false));
    }
    for (int i = 0; i < 3; i++) {
      // One connection per server, as the raw side has: both pipeline every caller's commands.
      nodes.add(
          RedisNode.builder("r" + i, "127.0.0.1", servers.get(i).port()).connections(1).build());
    }
    store = KeyValueStore.replicated(StoreConfig.ofDefaults(), nodes);
    clients = new RedisClient[3];
    connections = new StatefulRedisConnection[3];
    raw = new RedisAsyncCommands[3];
    for (int i = 0; i < 3; i++) {
      clients[i] = RedisClient.create(RedisURI.create("127.0.0.1", servers.get(i).port()));
      connections[i] = clients[i].connect(ByteArrayCodec.INSTANCE);
      raw[i] = connections[i].async();
      sha = raw[i].scriptLoad(PUT_IF_NEWER).get(5, TimeUnit.SECONDS);
    }
    for (int i = 0; i < KEYS; i++) {
      storeKeys[i] = ("key-" + i).getBytes(StandardCharsets.UTF_8);
      // Raw entries sit under their own prefix in RedisNode's layout, so neither side's versions
      // shadow the other's and every raw put really writes.
      rawKeys[i] = ("raw:d:key-" + i).getBytes(StandardCharsets.UTF_8);
      store.put(storeKeys[i], value);
      rawPut(i);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (store != null) {
      store.close();
    }
    for (int i = 0; clients != null && i < 3; i++) {
      if (connections[i] != null) {
        connections[i].close();
      }
      if (clients[i] != null) {
        clients[i].shutdown();
      }
    }
    nodes.forEach(RedisNode::close);
    servers.forEach(RedisServer::close);
  }

  /** Per-caller key cursor. */
  @State(Scope.Thread)
  public static class Cursor {
    int i;

    int next() {
      return i++ & (KEYS - 1);
    }
  }

  /** Three EVALSHA in parallel, returns once two servers acknowledged (or fails after 1 s). */
  boolean rawPut(int k) throws InterruptedException {
    Version v = new Version(clock.now(), 1);
    byte[] hex = v.toHex().getBytes(StandardCharsets.US_ASCII);
    byte[] blob = new byte[hex.length + 1 + value.length];
    System.arraycopy(hex, 0, blob, 0, hex.length);
    blob[hex.length] = 'v';
    System.arraycopy(value, 0, blob, hex.length + 1, value.length);
    byte[][] keys = {rawKeys[k]};
    CountDownLatch two = new CountDownLatch(2);
    for (int i = 0; i < 3; i++) {
      RedisFuture<Long> f = raw[i].evalsha(sha, ScriptOutputType.INTEGER, keys, blob);
      f.thenRun(two::countDown);
    }
    if (!two.await(1, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fewer than two acknowledgements in 1 s");
    }
    return true;
  }

  /** Three GETs in parallel, returns the newer of the first two replies (by version prefix). */
  byte[] rawGet(int k) throws InterruptedException {
    CountDownLatch two = new CountDownLatch(2);
    List<RedisFuture<byte[]>> fs = new ArrayList<>(3);
    for (int i = 0; i < 3; i++) {
      RedisFuture<byte[]> f = raw[i].get(rawKeys[k]);
      f.thenRun(two::countDown);
      fs.add(f);
    }
    if (!two.await(1, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fewer than two replies in 1 s");
    }
    byte[] best = null;
    for (RedisFuture<byte[]> f : fs) {
      if (f.isDone()) {
        byte[] b;
        try {
          b = f.get();
        } catch (ExecutionException e) {
          // A failed replica is simply not counted, as in the store.
          continue;
        }
        if (b != null && (best == null || newer(b, best))) {
          best = b;
        }
      }
    }
    return best;
  }

  private static boolean newer(byte[] a, byte[] b) {
    return Arrays.compare(a, 0, 32, b, 0, 32) > 0;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Threads(1)
  public Object put1Store(Cursor c) {
    return store.put(storeKeys[c.next()], value);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Threads(1)
  public boolean put1Raw(Cursor c) throws InterruptedException {
    return rawPut(c.next());
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Threads(1)
  public Optional<byte[]> get1Store(Cursor c) {
    return store.get(storeKeys[c.next()]);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @Threads(1)
  public byte[] get1Raw(Cursor c) throws InterruptedException {
    return rawGet(c.next());
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public Object put16Store(Cursor c) {
    return store.put(storeKeys[c.next()], value);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public boolean put16Raw(Cursor c) throws InterruptedException {
    return rawPut(c.next());
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public Optional<byte[]> get16Store(Cursor c) {
    return store.get(storeKeys[c.next()]);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public byte[] get16Raw(Cursor c) throws InterruptedException {
    return rawGet(c.next());
  }
}
