package dev.cloudnative.mesh.bench;

import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.OutlierDetectionConfig;
import dev.cloudnative.mesh.ServiceMesh;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
 * The cost of the mesh's meters: the same {@code mesh.call} (service lookup, the pick among 100
 * endpoints, breaker permission, outlier detection, statistics, no-op transport) without a registry
 * ({@code noop}) and with a {@link PrometheusMeterRegistry} ({@code prometheus}: the attempt's
 * {@code mesh.request.duration} histogram, the {@code mesh.call.duration} timer and the breaker's
 * call counter), and with the same registry told by a {@code MeterFilter} to publish no histogram
 * buckets ({@code prometheus_no_histogram}: what a user who only wants rates and means pays), side
 * by side. Run with {@code -prof gc}: all stay at 0 B/op, the pick included.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class MeshObservabilityBenchmark {

  private static final Function<Endpoint, Endpoint> ECHO = e -> e;

  @Param({"noop", "prometheus", "prometheus_no_histogram"})
  public String registry;

  private ServiceMesh mesh;
  private final MeshRequest request = MeshRequest.empty();

  @Setup(Level.Trial)
  public void setUp() {
    ServiceMesh.Builder builder = ServiceMesh.builder().seed(1);
    if (registry.equals("prometheus")) {
      builder.meterRegistry(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    } else if (registry.equals("prometheus_no_histogram")) {
      PrometheusMeterRegistry r = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      r.config()
          .meterFilter(
              new MeterFilter() {
                @Override
                public DistributionStatisticConfig configure(
                    Meter.Id id, DistributionStatisticConfig config) {
                  return DistributionStatisticConfig.builder()
                      .percentilesHistogram(false)
                      .build()
                      .merge(config);
                }
              });
      builder.meterRegistry(r);
    } else if (!registry.equals("noop")) {
      throw new IllegalArgumentException(
          "registry was " + registry + "; allowed noop, prometheus, prometheus_no_histogram");
    }
    mesh = builder.build();
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .loadBalancing(LoadBalancingPolicy.ROUND_ROBIN)
            .outlierDetection(OutlierDetectionConfig.ofDefaults())
            .build());
    for (int i = 0; i < 100; i++) {
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
