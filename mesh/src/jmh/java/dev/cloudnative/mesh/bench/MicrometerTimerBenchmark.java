package dev.cloudnative.mesh.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The anchor of {@link MeshObservabilityBenchmark}: one record into a Prometheus timer configured
 * as {@code mesh.request.duration} is (histogram, 1 ms..10 s), and into a plain one. What the
 * registry itself charges per record, which the mesh cannot go below while it keeps a histogram per
 * attempt.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MicrometerTimerBenchmark {

  private Timer histogram;
  private Timer plain;

  @Setup(Level.Trial)
  public void setUp() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    histogram =
        Timer.builder("anchor.histogram")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    plain = Timer.builder("anchor.plain").register(registry);
  }

  @Benchmark
  @Threads(1)
  public void histogramRecord() {
    histogram.record(1_000L, TimeUnit.NANOSECONDS);
  }

  @Benchmark
  @Threads(1)
  public void plainRecord() {
    plain.record(1_000L, TimeUnit.NANOSECONDS);
  }
}
