package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link ServiceMesh#backOff} on a manual clock, for every balancer. */
class RetryAfterBackOffTest {

  private final ManualClock clock = new ManualClock();
  private final ServiceMesh mesh = ServiceMesh.builder().clock(clock).build();

  @AfterEach
  void close() {
    mesh.close();
  }

  private static Endpoint ep(int n) {
    return Endpoint.of("10.0.0." + n, 8080);
  }

  private void register(DestinationPolicy policy, int endpoints) {
    mesh.policy("svc", policy);
    for (int i = 1; i <= endpoints; i++) {
      mesh.registry().register("svc", "v1", ep(i));
    }
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

  @ParameterizedTest
  @EnumSource(LoadBalancingPolicy.class)
  void anEndpointThatAskedIsNotPickedUntilItsTimeIsUp(LoadBalancingPolicy policy) {
    register(DestinationPolicy.custom().loadBalancing(policy).build(), 3);
    assertThat(mesh.backOff("svc", ep(2).id(), Duration.ofSeconds(30))).isTrue();
    assertThat(tally(600)).doesNotContainKey(ep(2).id());
    clock.advance(Duration.ofSeconds(29));
    assertThat(tally(600)).doesNotContainKey(ep(2).id());
    clock.advance(Duration.ofSeconds(2));
    assertThat(tally(600).getOrDefault(ep(2).id(), 0)).isGreaterThan(60);
  }

  @Test
  void theBackOffIsCutToThePolicysMaximum() {
    register(DestinationPolicy.custom().maxRetryAfter(Duration.ofMinutes(5)).build(), 2);
    mesh.backOff("svc", ep(1).id(), Duration.ofDays(365));
    clock.advance(Duration.ofSeconds(299));
    assertThat(tally(100)).containsOnlyKeys(ep(2).id());
    clock.advance(Duration.ofSeconds(2));
    assertThat(tally(100)).containsKey(ep(1).id());
  }

  @Test
  void aShorterBackOffNeverShortensOneInForce() {
    register(DestinationPolicy.ofDefaults(), 2);
    mesh.backOff("svc", ep(1).id(), Duration.ofSeconds(60));
    mesh.backOff("svc", ep(1).id(), Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(30));
    assertThat(tally(100)).containsOnlyKeys(ep(2).id());
    // An extension while backing off is seen when the first deadline passes.
    mesh.backOff("svc", ep(1).id(), Duration.ofSeconds(60));
    clock.advance(Duration.ofSeconds(45));
    assertThat(tally(100)).containsOnlyKeys(ep(2).id());
    clock.advance(Duration.ofSeconds(16));
    assertThat(tally(100)).containsKey(ep(1).id());
  }

  @Test
  void holdsEvenInPanicModeAndSaysWhyWhenEveryEndpointBacksOff() {
    register(DestinationPolicy.custom().panicThresholdPercent(100).build(), 2);
    mesh.backOff("svc", ep(1).id(), Duration.ofSeconds(10));
    assertThat(tally(100)).containsOnlyKeys(ep(2).id());
    mesh.backOff("svc", ep(2).id(), Duration.ofSeconds(20));
    assertThatThrownBy(() -> mesh.call("svc", MeshRequest.empty(), Endpoint::id))
        .isInstanceOfSatisfying(
            NoHealthyEndpointException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(NoHealthyEndpointException.Reason.ALL_BACKING_OFF));
    clock.advance(Duration.ofSeconds(11));
    assertThat(tally(100)).containsOnlyKeys(ep(1).id());
  }

  @Test
  void aRetryGoesElsewhere() {
    register(
        DestinationPolicy.custom()
            .retry(
                RetryPolicy.custom()
                    .maxAttempts(2)
                    .retryOnStatuses(503)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                    .build())
            .build(),
        2);
    for (int i = 0; i < 50; i++) {
      int status =
          mesh.call(
              "svc",
              MeshRequest.empty(),
              endpoint -> {
                if (endpoint.equals(ep(1))) {
                  mesh.backOff("svc", endpoint.id(), Duration.ofSeconds(30));
                  return 503;
                }
                return 200;
              },
              s -> s);
      assertThat(status).isEqualTo(200);
    }
  }

  @Test
  void unknownEndpointsAndBadDurations() {
    register(DestinationPolicy.ofDefaults(), 1);
    assertThat(mesh.backOff("svc", "10.9.9.9:1", Duration.ofSeconds(1))).isFalse();
    assertThat(mesh.backOff("other", ep(1).id(), Duration.ofSeconds(1))).isFalse();
    assertThat(mesh.backOff("svc", ep(1).id(), Duration.ZERO)).isTrue();
    assertThat(tally(10)).containsOnlyKeys(ep(1).id());
    assertThatThrownBy(() -> mesh.backOff("svc", ep(1).id(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> mesh.backOff(null, ep(1).id(), Duration.ZERO))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("service");
    assertThatThrownBy(() -> DestinationPolicy.custom().maxRetryAfter(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRetryAfter");
  }
}
