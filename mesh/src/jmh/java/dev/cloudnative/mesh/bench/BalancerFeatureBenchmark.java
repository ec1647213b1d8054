package dev.cloudnative.mesh.bench;

import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.LocalityConfig;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.SlowStartConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pick of each of issue 16's balancers inside a whole {@code mesh.call} (no-op transport), at
 * 3, 100 and 10,000 endpoints: {@code PLAIN} is round robin (the reference), {@code PEAK_EWMA}
 * Peak-EWMA P2C (the pick reads the clock, two estimates and two in-flight counters; the attempt's
 * end updates the estimate), {@code SLOW_START} round robin while every endpoint is in its 60 s
 * ramp (the weights are ramped when the view is rebuilt, at most 200 times per window, so a pick is
 * the plain balancer's over ramped weights plus the amortised rebuilds), {@code LOCALITY} zone
 * aware routing with the caller in zone {@code a} of three equal zones (the planner picks a zone,
 * then the zone's balancer picks). The difference to {@code PLAIN} is what the feature adds; the
 * raw pick of each balancer alone is in {@link PickBenchmark}. With {@code -prof gc}: 0 B/op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class BalancerFeatureBenchmark {

  private static final Function<Endpoint, Endpoint> ECHO = e -> e;
  private static final String[] ZONES = {"a", "b", "c"};

  /** The balancer under test. */
  public enum Variant {
    PLAIN,
    PEAK_EWMA,
    SLOW_START,
    LOCALITY
  }

  @Param({"PLAIN", "PEAK_EWMA", "SLOW_START", "LOCALITY"})
  public Variant variant;

  @Param({"3", "100", "10000"})
  public int endpoints;

  private ServiceMesh mesh;
  private final MeshRequest request = MeshRequest.empty();

  @Setup(Level.Trial)
  public void setUp() {
    mesh = ServiceMesh.builder().zone("a").build();
    DestinationPolicy.Builder policy = DestinationPolicy.custom();
    switch (variant) {
      case PEAK_EWMA:
        policy.loadBalancing(LoadBalancingPolicy.PEAK_EWMA);
        break;
      case SLOW_START:
        policy
            .loadBalancing(LoadBalancingPolicy.ROUND_ROBIN)
            .slowStart(SlowStartConfig.custom().window(Duration.ofSeconds(60)).build());
        break;
      case LOCALITY:
        policy.loadBalancing(LoadBalancingPolicy.ROUND_ROBIN).locality(LocalityConfig.ofDefaults());
        break;
      default:
        policy.loadBalancing(LoadBalancingPolicy.ROUND_ROBIN);
    }
    mesh.policy("svc", policy.build());
    List<Endpoint> list = new ArrayList<>();
    for (int i = 0; i < endpoints; i++) {
      Endpoint e = Endpoint.of("10.3." + (i / 250) + "." + (i % 250), 8080, 1 + i % 5);
      list.add(e.withZone(ZONES[i % ZONES.length]));
    }
    // One registry update (10,000 single registrations would rebuild the subset 10,000 times).
    mesh.registry().replaceSubset("svc", "v1", list);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    mesh.close();
  }

  @Benchmark
  @Threads(1)
  public Endpoint call() {
    return mesh.call("svc", request, ECHO);
  }
}
