package dev.cloudnative.mesh.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.OutlierDetectionConfig;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.circuitbreaker.Allocations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A real registry costs a call (and the pick inside it) no allocation: {@code mesh.call} with
 * Simple and Prometheus registries allocates no more than without one, measured with HotSpot's
 * per-thread allocation counter.
 */
class MeshAllocationTest {

  private static final Function<Endpoint, Endpoint> ECHO = e -> e;
  private static final int CALLS = 20_000;

  private static long bytesPerRun(ServiceMesh mesh) {
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .loadBalancing(LoadBalancingPolicy.ROUND_ROBIN)
            .outlierDetection(OutlierDetectionConfig.ofDefaults())
            .build());
    for (int i = 0; i < 10; i++) {
      mesh.registry().register("svc", "v1", Endpoint.of("10.2.0." + i, 8080));
    }
    MeshRequest request = MeshRequest.empty();
    Runnable calls =
        () -> {
          for (int i = 0; i < CALLS; i++) {
            mesh.call("svc", request, ECHO);
          }
        };
    // Warm up until the JIT has compiled the call path (the interpreter allocates what C2's
    // escape analysis removes), then measure.
    for (int i = 0; i < 10; i++) {
      calls.run();
    }
    return Allocations.bytesOfLastRun(calls);
  }

  private static ServiceMesh with(MeterRegistry registry) {
    return ServiceMesh.builder().seed(1).meterRegistry(registry).build();
  }

  @Test
  void aRegistryAddsNoAllocationToACall() {
    long without;
    try (ServiceMesh mesh = ServiceMesh.builder().seed(1).build()) {
      without = bytesPerRun(mesh);
    }
    long simple;
    try (ServiceMesh mesh = with(new SimpleMeterRegistry())) {
      simple = bytesPerRun(mesh);
    }
    long prometheus;
    try (ServiceMesh mesh = with(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      prometheus = bytesPerRun(mesh);
    }
    // 1 KiB of slack over CALLS calls: the measurement itself, not a per-call cost (which would
    // show as at least CALLS * 16 bytes).
    assertThat(simple).as("bytes with a SimpleMeterRegistry").isLessThan(without + 1024);
    assertThat(prometheus).as("bytes with a PrometheusMeterRegistry").isLessThan(without + 1024);
  }
}
