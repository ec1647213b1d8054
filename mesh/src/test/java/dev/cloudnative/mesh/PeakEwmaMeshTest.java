package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peak-EWMA through the mesh, on a manual clock: each simulated attempt advances the clock by its
 * endpoint's latency, so the estimates see exactly those latencies whatever the machine's load.
 * Shares are asserted with wide margins (picks are random).
 */
class PeakEwmaMeshTest {

  private final ManualClock clock = new ManualClock();
  private final ServiceMesh mesh = ServiceMesh.builder().clock(clock).seed(7).build();
  private final Map<String, Duration> latency = new HashMap<>();
  private final Map<String, Boolean> failing = new HashMap<>();

  @AfterEach
  void close() {
    mesh.close();
  }

  private static Endpoint ep(int n) {
    return Endpoint.of("10.0.0." + n, 8080);
  }

  private void register(int endpoints, LoadBalancingPolicy policy) {
    mesh.policy("svc", DestinationPolicy.custom().loadBalancing(policy).build());
    for (int i = 1; i <= endpoints; i++) {
      mesh.registry().register("svc", "v1", ep(i));
      latency.put(ep(i).id(), Duration.ofMillis(1));
    }
  }

  /** An attempt that takes its endpoint's latency on the manual clock, or fails at once. */
  private final Function<Endpoint, String> call =
      endpoint -> {
        if (failing.getOrDefault(endpoint.id(), false)) {
          throw new IllegalStateException(new ConnectException("refused by " + endpoint.id()));
        }
        clock.advance(latency.get(endpoint.id()));
        return endpoint.id();
      };

  private Map<String, Integer> tally(int calls) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < calls; i++) {
      String id;
      try {
        id = mesh.call("svc", MeshRequest.empty(), call);
      } catch (UpstreamCallException e) {
        id = e.endpoint().id();
      }
      counts.merge(id, 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void theSlowEndpointGetsLessTraffic() {
    register(3, LoadBalancingPolicy.PEAK_EWMA);
    latency.put(ep(2).id(), Duration.ofMillis(10));
    Map<String, Integer> ewma = tally(3_000);
    assertThat(ewma.getOrDefault(ep(2).id(), 0))
        .as("a 10x slower endpoint under Peak-EWMA (round robin would give it 1,000)")
        .isLessThan(100);
    assertThat(ewma.get(ep(1).id())).isGreaterThan(1_000);
    assertThat(ewma.get(ep(3).id())).isGreaterThan(1_000);
  }

  @Test
  void roundRobinForComparisonGivesTheSlowEndpointItsThird() {
    register(3, LoadBalancingPolicy.ROUND_ROBIN);
    latency.put(ep(2).id(), Duration.ofMillis(10));
    assertThat(tally(3_000).get(ep(2).id())).isBetween(900, 1_100);
  }

  @Test
  void anEndpointFailingFastIsPenalisedNotRewarded() {
    register(3, LoadBalancingPolicy.PEAK_EWMA);
    failing.put(ep(2).id(), true);
    Map<String, Integer> counts = tally(3_000);
    // Its failures take no time at all: counted as fast, it would win every pair.
    assertThat(counts.getOrDefault(ep(2).id(), 0)).isLessThan(100);
    assertThat(mesh.circuitBreaker("svc", ep(2).id()).orElseThrow().state())
        .as("the balancer kept it out, not its breaker")
        .isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void a429CountsAsSlowToo() {
    register(3, LoadBalancingPolicy.PEAK_EWMA);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 3_000; i++) {
      int[] status = new int[1];
      String id =
          mesh.call(
              "svc",
              MeshRequest.empty(),
              endpoint -> {
                boolean limited = endpoint.equals(ep(2));
                status[0] = limited ? 429 : 200;
                if (!limited) {
                  clock.advance(Duration.ofMillis(1));
                }
                return endpoint.id();
              },
              result -> status[0]);
      counts.merge(id, 1, Integer::sum);
    }
    assertThat(counts.getOrDefault(ep(2).id(), 0)).isLessThan(100);
  }

  @Test
  void decayLetsARecoveredEndpointBackIn() {
    register(3, LoadBalancingPolicy.PEAK_EWMA);
    latency.put(ep(2).id(), Duration.ofMillis(50));
    assertThat(tally(1_000).getOrDefault(ep(2).id(), 0)).isLessThan(50);
    // It recovers; nothing sends it traffic to find out until its 50 ms peak has decayed below
    // the others' 1 ms (10 s time constant: about 40 s).
    latency.put(ep(2).id(), Duration.ofMillis(1));
    clock.advance(Duration.ofSeconds(60));
    Map<String, Integer> after = tally(3_000);
    assertThat(after.getOrDefault(ep(2).id(), 0))
        .as("back near its fair third of 3,000")
        .isGreaterThan(600);
  }

  @Test
  void newEndpointsAreProbedAtOnce() {
    register(3, LoadBalancingPolicy.PEAK_EWMA);
    Map<String, Integer> counts = tally(300);
    // A fourth joins a warm pool: idle and unanswered, it costs nothing until it answers.
    mesh.registry().register("svc", "v1", ep(4));
    latency.put(ep(4).id(), Duration.ofMillis(1));
    assertThat(tally(300).getOrDefault(ep(4).id(), 0)).isGreaterThan(30);
    for (int i = 1; i <= 3; i++) {
      assertThat(counts.getOrDefault(ep(i).id(), 0)).as("endpoint %d", i).isGreaterThan(30);
    }
  }
}
