package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Slow start ({@link SlowStartConfig}) on a manual clock: the curve is Envoy's, a new or returning
 * endpoint's share of traffic follows it over the window under every balancer it applies to, and
 * consistent hashing keeps its keys.
 */
class SlowStartTest {

  private static final Duration WINDOW = Duration.ofSeconds(30);
  private static final int OLD = 9;
  private static final int CALLS = 5_000;

  private final ManualClock clock = new ManualClock();
  private final ServiceMesh mesh = ServiceMesh.builder().clock(clock).seed(7).build();

  @AfterEach
  void close() {
    mesh.close();
  }

  private static Endpoint ep(int n) {
    return Endpoint.of("10.0.0." + n, 8080);
  }

  private static DestinationPolicy policy(LoadBalancingPolicy lb, SlowStartConfig slowStart) {
    return DestinationPolicy.custom().loadBalancing(lb).slowStart(slowStart).build();
  }

  /** Registers OLD endpoints and lets their own windows pass. */
  private void registerOld(DestinationPolicy policy) {
    mesh.policy("svc", policy);
    for (int i = 1; i <= OLD; i++) {
      mesh.registry().register("svc", "v1", ep(i));
    }
    clock.advance(WINDOW.plusSeconds(1));
  }

  private Map<String, Integer> tally(int calls) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < calls; i++) {
      counts.merge(
          mesh.call("svc", MeshRequest.builder().hashKey("k" + i).build(), Endpoint::id),
          1,
          Integer::sum);
    }
    return counts;
  }

  private double shareOf(Endpoint e) {
    return tally(CALLS).getOrDefault(e.id(), 0) / (double) CALLS;
  }

  /** The share a new endpoint of weight 1 among OLD of weight 1 should get at a factor. */
  private static double expectedShare(double factor) {
    return factor / (OLD + factor);
  }

  @Test
  void theFactorIsEnvoysCurve() {
    SlowStartConfig linear = SlowStartConfig.custom().window(WINDOW).build();
    assertThat(linear.factor(Duration.ofSeconds(15).toNanos())).isCloseTo(0.5, within(1e-9));
    assertThat(linear.factor(Duration.ofSeconds(1).toNanos())).isCloseTo(0.1, within(1e-9));
    assertThat(linear.factor(WINDOW.toNanos())).isEqualTo(1.0);
    assertThat(linear.factor(-5)).isEqualTo(0.1);
    SlowStartConfig fast =
        SlowStartConfig.custom().window(WINDOW).aggression(2).minWeightPercent(0).build();
    assertThat(fast.factor(Duration.ofMillis(7_500).toNanos())).isCloseTo(0.5, within(1e-9));
    // Elapsed time is floored at 1 ms, as in Envoy: never a zero weight.
    assertThat(fast.factor(0)).isCloseTo(Math.sqrt(1.0 / 30_000), within(1e-12));
    SlowStartConfig slow = SlowStartConfig.custom().window(WINDOW).aggression(0.5).build();
    assertThat(slow.factor(Duration.ofSeconds(15).toNanos())).isCloseTo(0.25, within(1e-9));
    assertThat(slow.factor(Duration.ofSeconds(3).toNanos())).isCloseTo(0.1, within(1e-9));
    assertThat(SlowStartConfig.ofDefaults())
        .isEqualTo(new SlowStartConfig(Duration.ofSeconds(30), 1.0, 10.0));
  }

  /**
   * The figure of issue 16: the share of traffic a new endpoint (one of ten, equal weights) gets
   * over its window, beside the configured curve's share, printed for round robin with aggression 1
   * and 2.
   */
  @ParameterizedTest
  @EnumSource(
      value = LoadBalancingPolicy.class,
      names = {"ROUND_ROBIN", "RANDOM", "LEAST_REQUEST", "PEAK_EWMA"})
  void aNewEndpointsShareFollowsTheCurve(LoadBalancingPolicy lb) {
    for (double aggression : new double[] {1.0, 2.0}) {
      try (ServiceMesh fresh = ServiceMesh.builder().clock(clock).seed(7).build()) {
        SlowStartConfig config =
            SlowStartConfig.custom().window(WINDOW).aggression(aggression).build();
        assertShareFollowsCurve(fresh, lb, config);
      }
    }
  }

  private void assertShareFollowsCurve(
      ServiceMesh target, LoadBalancingPolicy lb, SlowStartConfig config) {
    target.policy("svc", policy(lb, config));
    for (int i = 1; i <= OLD; i++) {
      target.registry().register("svc", "v1", ep(i));
    }
    clock.advance(WINDOW.plusSeconds(1));
    Endpoint fresh = ep(100);
    target.registry().register("svc", "v1", fresh);
    System.out.printf(
        "slow start, %s, window %s, aggression %.1f, min weight %.0f%%: share of the new endpoint"
            + " (1 of 10)%n  t(s)  curve factor  curve share  measured share%n",
        lb, config.window(), config.aggression(), config.minWeightPercent());
    for (int second = 0; second <= 33; second += 3) {
      double factor = config.factor(Duration.ofSeconds(second).toNanos());
      int hits = 0;
      for (int i = 0; i < CALLS; i++) {
        String id =
            target.call("svc", MeshRequest.builder().hashKey("k" + i).build(), Endpoint::id);
        if (id.equals(fresh.id())) {
          hits++;
        }
      }
      double measured = hits / (double) CALLS;
      System.out.printf(
          "  %4d  %12.3f  %11.3f  %14.3f%n", second, factor, expectedShare(factor), measured);
      // Generous: 5 sigma of the random draws plus the ramp's step (at most 0.02 of the weight).
      assertThat(measured)
          .as("share at %d s under %s", second, lb)
          .isCloseTo(expectedShare(factor), within(0.03));
      clock.advance(Duration.ofSeconds(3));
    }
  }

  @Test
  void withoutSlowStartANewEndpointTakesItsFullShareAtOnce() {
    registerOld(DestinationPolicy.ofDefaults());
    mesh.registry().register("svc", "v1", ep(100));
    assertThat(shareOf(ep(100))).isCloseTo(0.1, within(0.01));
  }

  @Test
  void endpointsThatStartTogetherShareByWeight() {
    mesh.policy("svc", policy(LoadBalancingPolicy.ROUND_ROBIN, SlowStartConfig.ofDefaults()));
    mesh.registry().register("svc", "v1", ep(1));
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.2", 8080, 3));
    clock.advance(Duration.ofSeconds(5));
    Map<String, Integer> counts = tally(4_000);
    assertThat(counts.get(ep(1).id()) / 4_000.0).isCloseTo(0.25, within(0.02));
  }

  @Test
  void anEndpointBackFromAnEjectionRampsAgain() {
    registerOld(
        DestinationPolicy.custom()
            .slowStart(SlowStartConfig.custom().window(WINDOW).build())
            .outlierDetection(
                OutlierDetectionConfig.custom()
                    .consecutiveFailures(1)
                    .baseEjectionTime(Duration.ofSeconds(10))
                    .build())
            .build());
    Endpoint sick = ep(3);
    try {
      for (int i = 0; i < 50; i++) {
        mesh.call(
            "svc",
            MeshRequest.empty(),
            e -> {
              if (e.id().equals(sick.id())) {
                throw new IllegalStateException("down");
              }
              return e.id();
            });
      }
    } catch (UpstreamCallException expected) {
      // the call that met the sick endpoint; it is ejected now
    }
    assertThat(tally(900)).doesNotContainKey(sick.id());
    clock.advance(Duration.ofSeconds(11));
    // Back at 10% of its weight, growing to its full share over the window.
    assertThat(shareOf(sick)).isCloseTo(expectedShare(0.1), within(0.02));
    clock.advance(Duration.ofSeconds(15));
    assertThat(shareOf(sick)).isCloseTo(expectedShare(0.5), within(0.03));
    clock.advance(WINDOW);
    assertThat(shareOf(sick)).isCloseTo(0.1, within(0.02));
  }

  @Test
  void anEndpointHealthyAgainRampsAgain() {
    registerOld(policy(LoadBalancingPolicy.ROUND_ROBIN, SlowStartConfig.ofDefaults()));
    mesh.registry().markHealthy("svc", "v1", ep(2).id(), false);
    assertThat(tally(900)).doesNotContainKey(ep(2).id());
    clock.advance(Duration.ofSeconds(5));
    mesh.registry().markHealthy("svc", "v1", ep(2).id(), true);
    assertThat(shareOf(ep(2))).isCloseTo(expectedShare(0.1), within(0.02));
    clock.advance(WINDOW);
    assertThat(shareOf(ep(2))).isCloseTo(0.1, within(0.02));
  }

  @Test
  void anEndpointBackFromARetryAfterRampsAgain() {
    registerOld(policy(LoadBalancingPolicy.LEAST_REQUEST, SlowStartConfig.ofDefaults()));
    mesh.backOff("svc", ep(4).id(), Duration.ofSeconds(5));
    assertThat(tally(900)).doesNotContainKey(ep(4).id());
    clock.advance(Duration.ofSeconds(6));
    assertThat(shareOf(ep(4))).isCloseTo(expectedShare(0.1), within(0.02));
  }

  @Test
  void consistentHashingKeepsItsKeysDuringARamp() {
    registerOld(policy(LoadBalancingPolicy.CONSISTENT_HASH, SlowStartConfig.ofDefaults()));
    mesh.registry().register("svc", "v1", ep(100));
    Map<String, Integer> now = tally(2_000);
    clock.advance(Duration.ofSeconds(10));
    assertThat(tally(2_000)).isEqualTo(now);
    assertThat(now.get(ep(100).id()) / 2_000.0).isCloseTo(0.1, within(0.03));
  }

  @Test
  void picksDuringARampAllocateNothing() {
    // A one-day window: no ramp step falls within the measured calls (the clock stands still).
    mesh.policy(
        "svc",
        policy(
            LoadBalancingPolicy.ROUND_ROBIN,
            SlowStartConfig.custom().window(Duration.ofDays(1)).build()));
    for (int i = 1; i <= OLD; i++) {
      mesh.registry().register("svc", "v1", ep(i));
    }
    clock.advance(Duration.ofDays(1).plusSeconds(1));
    mesh.registry().register("svc", "v1", ep(100));
    MeshRequest request = MeshRequest.empty();
    Runnable calls =
        () -> {
          for (int i = 0; i < 20_000; i++) {
            mesh.call("svc", request, e -> e);
          }
        };
    for (int i = 0; i < 10; i++) {
      calls.run();
    }
    assertThat(tally(10_000).get(ep(100).id())).isLessThan(300);
    assertThat(dev.cloudnative.mesh.circuitbreaker.Allocations.bytesOfLastRun(calls))
        .as("bytes over 20,000 calls")
        .isLessThan(1024);
  }
}
