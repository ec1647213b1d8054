package dev.cloudnative.storage.bench;

import java.util.SplittableRandom;
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

/**
 * String key to node, every implementation in the same run: ours (ring, Ketama mode, Maglev,
 * AnchorHash, jump) and the anchors (Guava consistentHash and hash4j JumpBackHash over the same
 * murmur3 key hash, spymemcached KetamaNodeLocator.getPrimary, Jedis 3 Sharded.getShardInfo). Keys
 * are 4096 random 12-40 character ASCII strings cycled in order.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LocatorBenchmark {
  @Param({
    "RING",
    "KETAMA",
    "MAGLEV",
    "ANCHOR",
    "JUMP",
    "GUAVA",
    "HASH4J_JUMPBACK",
    "SPYMEMCACHED",
    "JEDIS"
  })
  public Competitor.Kind algorithm;

  @Param({"10", "100", "1000"})
  public int n;

  Competitor competitor;
  String[] keys;
  int i;

  @Setup(Level.Trial)
  public void setUp() {
    competitor = algorithm.create(n);
    keys = keys(4096);
  }

  static String[] keys(int count) {
    SplittableRandom rnd = new SplittableRandom(1);
    String[] k = new String[count];
    for (int j = 0; j < count; j++) {
      StringBuilder sb = new StringBuilder("user:");
      int len = 7 + rnd.nextInt(29);
      for (int c = 0; c < len; c++) {
        sb.append((char) ('a' + rnd.nextInt(26)));
      }
      k[j] = sb.toString();
    }
    return k;
  }

  @Benchmark
  public Object stringKey() {
    return competitor.locate(keys[i++ & 4095]);
  }
}
