package dev.cloudnative.mesh.bench;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.PeakEwmaConfig;
import dev.cloudnative.mesh.balancer.Balancer;
import dev.cloudnative.mesh.balancer.Balancers;
import dev.cloudnative.mesh.balancer.PeakEwma;
import dev.cloudnative.mesh.stats.StripedCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One endpoint pick per operation, per load-balancing policy, against the naive seed-style
 * baseline, at 3, 100 and 10,000 weighted endpoints, on 1 and 2 threads sharing one balancer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PickBenchmark {

  /** The competitors, behind one small interface. */
  public enum Competitor {
    ROUND_ROBIN,
    RANDOM,
    LEAST_REQUEST,
    CONSISTENT_HASH,
    PEAK_EWMA,
    NAIVE_SEED
  }

  /** Returns an index so that no competitor pays for boxing or returning a different type. */
  interface Picker {
    int pick(MeshRequest request);
  }

  @Param({"ROUND_ROBIN", "RANDOM", "LEAST_REQUEST", "CONSISTENT_HASH", "PEAK_EWMA", "NAIVE_SEED"})
  public Competitor competitor;

  @Param({"3", "100", "10000"})
  public int endpoints;

  private Picker picker;
  private MeshRequest[] requests;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    List<Endpoint> list = new ArrayList<>();
    String[] ids = new String[endpoints];
    int[] weights = new int[endpoints];
    // In-flight counts as the mesh keeps them: striped per thread, read as a clamped sum.
    IntSupplier[] inFlight = new IntSupplier[endpoints];
    for (int i = 0; i < endpoints; i++) {
      Endpoint e = Endpoint.of("10.1." + (i / 250) + "." + (i % 250), 8080, 1 + random.nextInt(10));
      list.add(e);
      ids[i] = e.id();
      weights[i] = e.weight();
      StripedCounter count = new StripedCounter();
      count.add(random.nextInt(4));
      inFlight[i] = () -> (int) Math.max(0L, count.sum());
    }
    requests = new MeshRequest[1024];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = MeshRequest.builder().hashKey("session-" + random.nextInt()).build();
    }
    if (competitor == Competitor.PEAK_EWMA) {
      // Estimates observed 1..10 ms, one second before the picks: every pick decays two of them,
      // as in a mesh whose endpoints answered a while ago. The mesh hands its clock reading in.
      long observedAt = System.nanoTime();
      PeakEwma[] rtt = new PeakEwma[endpoints];
      for (int i = 0; i < endpoints; i++) {
        rtt[i] = new PeakEwma(PeakEwmaConfig.ofDefaults(), observedAt);
        rtt[i].observe(1_000_000L * (1 + random.nextInt(10)), observedAt);
      }
      long now = observedAt + 1_000_000_000L;
      Balancer balancer =
          Balancers.create(
              LoadBalancingPolicy.PEAK_EWMA,
              ids,
              weights,
              inFlight,
              rtt,
              MeshClock.system(),
              random.nextLong());
      picker = request -> balancer.pick(request, now);
    } else if (competitor == Competitor.NAIVE_SEED) {
      NaiveSeedPicker naive = new NaiveSeedPicker(list);
      picker = request -> naive.pick();
    } else {
      Balancer balancer =
          Balancers.create(
              LoadBalancingPolicy.valueOf(competitor.name()),
              ids,
              weights,
              inFlight,
              random.nextLong());
      picker = balancer::pick;
    }
  }

  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Benchmark
  @Threads(1)
  public int pick1Thread(Cursor cursor) {
    return picker.pick(requests[cursor.next++ & 1023]);
  }

  @Benchmark
  @Threads(2)
  public int pick2Threads(Cursor cursor) {
    return picker.pick(requests[cursor.next++ & 1023]);
  }
}
