package dev.cloudnative.storage.bench;

import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Placement;
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

/** One lookup versus a preference list of 3 into a caller-supplied buffer, pre-hashed keys. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PreferenceListBenchmark {
  @Param({"RING", "KETAMA", "MAGLEV", "ANCHOR", "JUMP"})
  public Placement placement;

  @Param({"10", "100", "1000"})
  public int n;

  NodeLocator locator;
  long[] hashes;
  final int[] out = new int[3];
  int i;

  @Setup(Level.Trial)
  public void setUp() {
    locator = placement.create(Competitor.names(n));
    String[] keys = LocatorBenchmark.keys(4096);
    hashes = new long[keys.length];
    for (int j = 0; j < keys.length; j++) {
      hashes[j] = locator.hash(keys[j]);
    }
  }

  @Benchmark
  public int primary() {
    return locator.primary(hashes[i++ & 4095]);
  }

  @Benchmark
  public int preferenceList3() {
    return locator.preferenceList(hashes[i++ & 4095], 3, out) + out[2];
  }
}
