package dev.cloudnative.mesh.bench;

import dev.cloudnative.mesh.CircuitBreaker;
import dev.cloudnative.mesh.CircuitBreakerConfig;
import java.util.concurrent.TimeUnit;
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
 * Acquire a permission and record the outcome, ours against Resilience4j's {@code CircuitBreaker},
 * both with their default configuration (count window of 100, 50% failure threshold). The "mixed"
 * benchmarks fail one call in four, staying below the threshold so the breakers stay closed and
 * every call does the full record path.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CircuitBreakerBenchmark {

  /** The competitors, behind one small interface. */
  public enum Competitor {
    MESH,
    RESILIENCE4J
  }

  interface Breaker {
    boolean acquire();

    void success(long nanos);

    void failure(long nanos);
  }

  private static final RuntimeException FAILURE =
      new RuntimeException("benchmark failure", null, false, false) {};

  @Param({"MESH", "RESILIENCE4J"})
  public Competitor competitor;

  private Breaker breaker;

  @Setup(Level.Trial)
  public void setUp() {
    if (competitor == Competitor.MESH) {
      CircuitBreaker cb = CircuitBreaker.of("bench", CircuitBreakerConfig.ofDefaults());
      breaker =
          new Breaker() {
            @Override
            public boolean acquire() {
              return cb.tryAcquirePermission();
            }

            @Override
            public void success(long nanos) {
              cb.onSuccess(nanos);
            }

            @Override
            public void failure(long nanos) {
              cb.onError(nanos);
            }
          };
    } else {
      io.github.resilience4j.circuitbreaker.CircuitBreaker cb =
          io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("bench");
      breaker =
          new Breaker() {
            @Override
            public boolean acquire() {
              return cb.tryAcquirePermission();
            }

            @Override
            public void success(long nanos) {
              cb.onSuccess(nanos, TimeUnit.NANOSECONDS);
            }

            @Override
            public void failure(long nanos) {
              cb.onError(nanos, TimeUnit.NANOSECONDS, FAILURE);
            }
          };
    }
  }

  @State(Scope.Thread)
  public static class Counter {
    int calls;
  }

  @Benchmark
  @Threads(1)
  public boolean acquireSuccess1Thread() {
    boolean permitted = breaker.acquire();
    if (permitted) {
      breaker.success(1_000);
    }
    return permitted;
  }

  @Benchmark
  @Threads(2)
  public boolean acquireSuccess2Threads() {
    boolean permitted = breaker.acquire();
    if (permitted) {
      breaker.success(1_000);
    }
    return permitted;
  }

  @Benchmark
  @Threads(1)
  public boolean acquireMixed1Thread(Counter counter) {
    boolean permitted = breaker.acquire();
    if (permitted) {
      if ((counter.calls++ & 3) == 0) {
        breaker.failure(1_000);
      } else {
        breaker.success(1_000);
      }
    }
    return permitted;
  }

  @Benchmark
  @Threads(2)
  public boolean acquireMixed2Threads(Counter counter) {
    boolean permitted = breaker.acquire();
    if (permitted) {
      if ((counter.calls++ & 3) == 0) {
        breaker.failure(1_000);
      } else {
        breaker.success(1_000);
      }
    }
    return permitted;
  }
}
