package dev.cloudnative.mesh.bench;

import dev.cloudnative.mesh.CircuitBreaker;
import dev.cloudnative.mesh.CircuitBreakerConfig;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What two threads cost each other on one breaker and one mesh (issue 16, point 7): each shared
 * benchmark on 1 and 2 threads, beside a 2-thread control in which every thread has its own breaker
 * or mesh (nothing shared, so its ratio to 1 thread is the machine's own: two cores busy, turbo,
 * other load). The contention factor is {@code shared2Threads / own2Threads}; on an idle machine
 * the control is close to the 1-thread figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContentionBenchmark {

  private static final Function<Endpoint, Endpoint> ECHO = e -> e;

  /** One breaker (Resilience4j's defaults) and one mesh (round robin over 100 endpoints). */
  @State(Scope.Benchmark)
  public static class Shared {
    CircuitBreaker breaker;
    ServiceMesh mesh;
    final MeshRequest request = MeshRequest.empty();

    @Setup(Level.Trial)
    public void setUp() {
      breaker = CircuitBreaker.of("bench", CircuitBreakerConfig.ofDefaults());
      mesh = newMesh();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      mesh.close();
    }
  }

  /** The same, one per thread: the control. */
  @State(Scope.Thread)
  public static class Own extends Shared {}

  static ServiceMesh newMesh() {
    ServiceMesh mesh = ServiceMesh.builder().build();
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .loadBalancing(LoadBalancingPolicy.ROUND_ROBIN)
            .outlierDetection(OutlierDetectionConfig.ofDefaults())
            .build());
    for (int i = 0; i < 100; i++) {
      mesh.registry().register("svc", "v1", Endpoint.of("10.2.0." + i, 8080));
    }
    return mesh;
  }

  private static boolean acquireRecord(CircuitBreaker breaker) {
    boolean permitted = breaker.tryAcquirePermission();
    if (permitted) {
      breaker.onSuccess(1_000);
    }
    return permitted;
  }

  @Benchmark
  @Threads(1)
  public boolean breaker1Thread(Shared s) {
    return acquireRecord(s.breaker);
  }

  @Benchmark
  @Threads(2)
  public boolean breaker2Threads(Shared s) {
    return acquireRecord(s.breaker);
  }

  @Benchmark
  @Threads(2)
  public boolean breakerOwn2Threads(Own s) {
    return acquireRecord(s.breaker);
  }

  @Benchmark
  @Threads(1)
  public Endpoint call1Thread(Shared s) {
    return s.mesh.call("svc", s.request, ECHO);
  }

  @Benchmark
  @Threads(2)
  public Endpoint call2Threads(Shared s) {
    return s.mesh.call("svc", s.request, ECHO);
  }

  @Benchmark
  @Threads(2)
  public Endpoint callOwn2Threads(Own s) {
    return s.mesh.call("svc", s.request, ECHO);
  }
}
