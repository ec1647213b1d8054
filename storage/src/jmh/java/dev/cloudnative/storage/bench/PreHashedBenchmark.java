package dev.cloudnative.storage.bench;

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
 * Pre-hashed key to node index (the placement step alone), for the implementations that expose it.
 * spymemcached and Jedis have no public pre-hashed lookup and are measured only in {@link
 * LocatorBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PreHashedBenchmark {
  @Param({"RING", "KETAMA", "MAGLEV", "ANCHOR", "JUMP", "GUAVA", "HASH4J_JUMPBACK"})
  public Competitor.Kind algorithm;

  @Param({"10", "100", "1000"})
  public int n;

  Competitor competitor;
  long[] hashes;
  int i;

  @Setup(Level.Trial)
  public void setUp() {
    competitor = algorithm.create(n);
    String[] keys = LocatorBenchmark.keys(4096);
    hashes = new long[keys.length];
    for (int j = 0; j < keys.length; j++) {
      hashes[j] = competitor.hash(keys[j]);
    }
  }

  @Benchmark
  public int preHashed() {
    return competitor.locateHash(hashes[i++ & 4095]);
  }
}
