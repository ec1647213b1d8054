package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Zone awareness ({@link LocalityConfig}) by Envoy's rules, one test per rule: priority levels with
 * the overprovisioning factor, spill to the next priority, the failover order, scaling below 100%
 * total health with per-priority and total panic; zone aware routing's direct and residual cases
 * and its preconditions.
 */
class LocalityTest {

  private static final int CALLS = 20_000;

  private ServiceMesh mesh = ServiceMesh.builder().zone("a").seed(3).build();

  @AfterEach
  void close() {
    mesh.close();
  }

  private static Endpoint ep(String zone, int n) {
    return Endpoint.of("10.0." + (zone.charAt(0) - 'a') + "." + n, 8080).withZone(zone);
  }

  /** Registers {@code perZone} endpoints in each zone, under the policy. */
  private void register(LocalityConfig config, int perZone, String... zones) {
    mesh.policy("svc", DestinationPolicy.custom().locality(config).build());
    for (String zone : zones) {
      for (int i = 1; i <= perZone; i++) {
        mesh.registry().register("svc", "v1", ep(zone, i));
      }
    }
  }

  private void down(String zone, int... numbers) {
    for (int n : numbers) {
      mesh.registry().markHealthy("svc", "v1", ep(zone, n).id(), false);
    }
  }

  /** Share of the traffic per zone over CALLS calls. */
  private Map<String, Double> shares() {
    Map<String, Integer> counts = byEndpoint();
    Map<String, Double> zones = new HashMap<>();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      String zone = String.valueOf((char) ('a' + Integer.parseInt(e.getKey().split("\\.")[2])));
      zones.merge(zone, e.getValue() / (double) CALLS, Double::sum);
    }
    return zones;
  }

  private Map<String, Integer> byEndpoint() {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < CALLS; i++) {
      counts.merge(mesh.call("svc", MeshRequest.empty(), Endpoint::id), 1, Integer::sum);
    }
    return counts;
  }

  private static double share(Map<String, Double> shares, String zone) {
    return shares.getOrDefault(zone, 0.0);
  }

  // ---------------------------------------------------------------- failover (priority levels)

  @Test
  void allHealthyEveryCallStaysInTheCallersZone() {
    register(LocalityConfig.ofDefaults(), 4, "a", "b", "c");
    assertThat(shares()).containsOnlyKeys("a");
  }

  @Test
  void overprovisioningKeepsAZoneWholeAbove72PercentAvailable() {
    // 3 of 4 available: 75% × 1.4 = 105, capped at 100: the zone keeps all of its traffic.
    register(LocalityConfig.ofDefaults(), 4, "a", "b", "c");
    down("a", 1);
    assertThat(shares()).containsOnlyKeys("a");
  }

  @Test
  void belowThatTheZoneKeepsItsHealthAndTheRestSpillsToTheNextPriority() {
    // 2 of 4 available: health 50% × 1.4 = 70% to a; 30% to the next priority (b and c together).
    register(LocalityConfig.ofDefaults(), 4, "a", "b", "c");
    down("a", 1, 2);
    Map<String, Double> s = shares();
    assertThat(share(s, "a")).isCloseTo(0.70, within(0.02));
    assertThat(share(s, "b")).isCloseTo(0.15, within(0.02));
    assertThat(share(s, "c")).isCloseTo(0.15, within(0.02));
    assertThat(byEndpoint()).doesNotContainKeys(ep("a", 1).id(), ep("a", 2).id());
  }

  @Test
  void theFailoverOrderPicksTheNextZone() {
    register(LocalityConfig.custom().failover(List.of("c")).build(), 4, "a", "b", "c");
    down("a", 1, 2);
    Map<String, Double> s = shares();
    assertThat(share(s, "a")).isCloseTo(0.70, within(0.02));
    assertThat(share(s, "c")).isCloseTo(0.30, within(0.02));
    assertThat(s).doesNotContainKey("b");
    // With c down as well, its share goes on to the last priority, b.
    down("c", 1, 2, 3, 4);
    s = shares();
    assertThat(share(s, "a")).isCloseTo(0.70, within(0.02));
    assertThat(share(s, "b")).isCloseTo(0.30, within(0.02));
  }

  @Test
  void aZoneWithNothingAvailableFailsOverEntirely() {
    register(LocalityConfig.ofDefaults(), 4, "a", "b");
    down("a", 1, 2, 3, 4);
    assertThat(shares()).containsOnlyKeys("b");
  }

  @Test
  void belowFullTotalHealthSharesScaleUpAndAPriorityBelowThePanicThresholdUsesAllItsEndpoints() {
    // a: 2 of 10 available (health 28, in panic: 20% < 50%); b: 5 of 10 (health 70, not in panic).
    // Total health 98 < 100: a gets 28/98, b 70/98; a balances over all 10 of its endpoints.
    register(LocalityConfig.ofDefaults(), 10, "a", "b");
    down("a", 3, 4, 5, 6, 7, 8, 9, 10);
    down("b", 6, 7, 8, 9, 10);
    Map<String, Integer> counts = byEndpoint();
    Map<String, Double> s = shares();
    assertThat(share(s, "a")).isCloseTo(28.0 / 98, within(0.02));
    assertThat(share(s, "b")).isCloseTo(70.0 / 98, within(0.02));
    assertThat(counts).containsKey(ep("a", 10).id()).doesNotContainKey(ep("b", 10).id());
  }

  @Test
  void inTotalPanicPrioritiesShareByEndpointCountOverAllTheirEndpoints() {
    // 1 of 4 available everywhere: a health 35, the others (b and c) 35; every priority in panic.
    register(LocalityConfig.ofDefaults(), 4, "a", "b", "c");
    down("a", 1, 2, 3);
    down("b", 1, 2, 3);
    down("c", 1, 2, 3);
    Map<String, Double> s = shares();
    assertThat(share(s, "a")).isCloseTo(1.0 / 3, within(0.02));
    assertThat(share(s, "b")).isCloseTo(1.0 / 3, within(0.02));
    assertThat(byEndpoint()).hasSize(12);
  }

  @Test
  void withoutACallerZoneZonesAreIgnored() {
    mesh.close();
    mesh = ServiceMesh.builder().seed(3).build();
    register(LocalityConfig.ofDefaults(), 4, "a", "b");
    assertThat(share(shares(), "a")).isCloseTo(0.5, within(0.02));
  }

  @Test
  void consistentHashingKeepsKeysWithinTheCallersZone() {
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .loadBalancing(LoadBalancingPolicy.CONSISTENT_HASH)
            .locality(LocalityConfig.ofDefaults())
            .build());
    for (String zone : new String[] {"a", "b"}) {
      for (int i = 1; i <= 4; i++) {
        mesh.registry().register("svc", "v1", ep(zone, i));
      }
    }
    down("a", 1, 2);
    Map<String, String> first = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      MeshRequest r = MeshRequest.builder().hashKey("user-" + i).build();
      first.put("user-" + i, mesh.call("svc", r, Endpoint::id));
    }
    for (int i = 0; i < 2_000; i++) {
      MeshRequest r = MeshRequest.builder().hashKey("user-" + i).build();
      assertThat(mesh.call("svc", r, Endpoint::id)).isEqualTo(first.get("user-" + i));
    }
    long inA = first.values().stream().filter(id -> id.startsWith("10.0.0.")).count();
    assertThat(inA / 2_000.0).isCloseTo(0.70, within(0.04));
  }

  @Test
  void aPickAcrossPrioritiesAllocatesNothing() {
    register(LocalityConfig.ofDefaults(), 4, "a", "b", "c");
    down("a", 1, 2);
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
    assertThat(dev.cloudnative.mesh.circuitbreaker.Allocations.bytesOfLastRun(calls))
        .as("bytes over 20,000 calls")
        .isLessThan(1024);
  }

  // ---------------------------------------------------------------- zone aware routing

  private static LocalityConfig zoneAware() {
    return LocalityConfig.custom().mode(LocalityConfig.Mode.ZONE_AWARE).build();
  }

  @Test
  void zoneAwareRoutesDirectlyWhileTheZoneHasItsShareOfAvailableEndpoints() {
    register(zoneAware(), 4, "a", "b", "c");
    assertThat(shares()).containsOnlyKeys("a");
    // b losing endpoints raises a's share of the available ones: still direct.
    down("b", 1, 2);
    assertThat(shares()).containsOnlyKeys("a");
  }

  @Test
  void zoneAwareSendsTheRestByResidualCapacity() {
    // a has 2 of 10 available endpoints (20%) but a third of the callers: it takes 0.2 / (1/3) =
    // 60%; b and c each have 0.4 - 1/3 of residual capacity: 20% each.
    register(zoneAware(), 4, "a", "b", "c");
    down("a", 1, 2);
    Map<String, Double> s = shares();
    assertThat(share(s, "a")).isCloseTo(0.60, within(0.02));
    assertThat(share(s, "b")).isCloseTo(0.20, within(0.02));
    assertThat(share(s, "c")).isCloseTo(0.20, within(0.02));
  }

  @Test
  void zoneAwareResidualGoesToTheZonesWithSpareCapacityOnly() {
    // a: 2 of 4, b: 2 of 4, c: 4 of 4 → upstream a 0.25 < 1/3: a keeps 75%; only c has residual.
    register(zoneAware(), 4, "a", "b", "c");
    down("a", 1, 2);
    down("b", 1, 2);
    Map<String, Double> s = shares();
    assertThat(share(s, "a")).isCloseTo(0.75, within(0.02));
    assertThat(share(s, "c")).isCloseTo(0.25, within(0.02));
    assertThat(s).doesNotContainKey("b");
  }

  @Test
  void zoneAwareNeedsMinClusterSizeAvailableEndpoints() {
    // 2 + 2 + 1 = 5 available < 6: no zone aware routing, traffic spreads over every endpoint.
    register(zoneAware(), 2, "a", "b", "c");
    down("c", 2);
    Map<String, Double> s = shares();
    assertThat(share(s, "a")).isCloseTo(0.4, within(0.02));
    assertThat(share(s, "c")).isCloseTo(0.2, within(0.02));
  }

  @Test
  void zoneAwareWithNothingAvailableInTheCallersZoneSpreadsOverTheOthers() {
    register(zoneAware(), 4, "a", "b", "c");
    down("a", 1, 2, 3, 4);
    Map<String, Double> s = shares();
    assertThat(s).doesNotContainKey("a");
    assertThat(share(s, "b")).isCloseTo(0.5, within(0.02));
  }

  @Test
  void zoneAwareIsOffInPanic() {
    // 5 of 12 available < 50%: the subset is in panic and balances over all 12.
    register(zoneAware(), 4, "a", "b", "c");
    down("a", 1, 2, 3);
    down("b", 1, 2);
    down("c", 1, 2);
    assertThat(byEndpoint()).hasSize(12);
  }
}
