package dev.cloudnative.mesh.bench;

import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.OutlierDetectionConfig;
import dev.cloudnative.mesh.ServiceMesh;
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
 * A whole {@code mesh.call} with a no-op transport: service lookup, endpoint choice,
 * circuit-breaker permission, outlier detection, statistics (counters and latency histogram) and
 * two clock reads. What a real call adds on top of its network time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MeshCallBenchmark {

  private static final Function<Endpoint, Endpoint> ECHO = e -> e;

  @Param({"ROUND_ROBIN", "LEAST_REQUEST"})
  public LoadBalancingPolicy policy;

  @Param({"100"})
  public int endpoints;

  private ServiceMesh mesh;
  private final MeshRequest request = MeshRequest.empty();

  @Setup(Level.Trial)
  public void setUp() {
    mesh = ServiceMesh.builder().build();
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .loadBalancing(policy)
            .outlierDetection(OutlierDetectionConfig.ofDefaults())
            .build());
    for (int i = 0; i < endpoints; i++) {
      mesh.registry()
          .register(
              "svc", "v1", Endpoint.of("10.2." + (i / 250) + "." + (i % 250), 8080, 1 + i % 5));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    mesh.close();
  }

  @Benchmark
  @Threads(1)
  public Endpoint call1Thread() {
    return mesh.call("svc", request, ECHO);
  }

  @Benchmark
  @Threads(2)
  public Endpoint call2Threads() {
    return mesh.call("svc", request, ECHO);
  }
}
