package dev.cloudnative.mesh.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.circuitbreaker.Allocations;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A whole {@code mesh.call} under Peak-EWMA (pick, estimate update at the attempt's end) allocates
 * no more than under round robin, measured with HotSpot's per-thread allocation counter.
 */
class PeakEwmaCallAllocationTest {

  private static final Function<Endpoint, Endpoint> ECHO = e -> e;
  private static final int CALLS = 20_000;

  private static long bytesPerRun(LoadBalancingPolicy policy) {
    try (ServiceMesh mesh = ServiceMesh.builder().seed(1).build()) {
      mesh.policy("svc", DestinationPolicy.custom().loadBalancing(policy).build());
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
      for (int i = 0; i < 10; i++) {
        calls.run();
      }
      return Allocations.bytesOfLastRun(calls);
    }
  }

  @Test
  void peakEwmaAddsNoAllocationToACall() {
    long roundRobin = bytesPerRun(LoadBalancingPolicy.ROUND_ROBIN);
    long peakEwma = bytesPerRun(LoadBalancingPolicy.PEAK_EWMA);
    // 1 KiB of slack over CALLS calls: a per-call cost would show as at least CALLS * 16 bytes.
    assertThat(peakEwma).as("bytes under Peak-EWMA").isLessThan(roundRobin + 1024);
  }
}
