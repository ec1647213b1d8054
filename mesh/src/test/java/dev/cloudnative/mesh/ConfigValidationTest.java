package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

  @Test
  void endpointValidation() {
    assertThatThrownBy(() -> Endpoint.of("h", 0))
        .hasMessageContaining("port was 0")
        .hasMessageContaining("1..65535");
    assertThatThrownBy(() -> Endpoint.of("h", 80, 0)).hasMessageContaining("weight was 0");
    assertThat(Endpoint.of("::1", 80).authority()).isEqualTo("[::1]:80");
  }

  @Test
  void simulatedFlagDefaultsToFalseAndSurvivesEveryWither() {
    Endpoint legacy =
        new Endpoint("pod-1", "10.244.0.5", 8080, 2, "z1", Map.of("version", "v1"), true);
    assertThat(legacy.simulated()).isFalse();
    assertThat(legacy)
        .isEqualTo(
            new Endpoint(
                "pod-1", "10.244.0.5", 8080, 2, "z1", Map.of("version", "v1"), true, false));
    assertThat(Endpoint.of("h", 80).simulated()).isFalse();
    assertThat(Endpoint.of("h", 80, 3).simulated()).isFalse();

    Endpoint simulated = legacy.withSimulated(true);
    assertThat(simulated.simulated()).isTrue();
    assertThat(simulated).isNotEqualTo(legacy);
    assertThat(simulated.withWeight(7))
        .satisfies(
            e -> {
              assertThat(e.simulated()).isTrue();
              assertThat(e.weight()).isEqualTo(7);
            });
    assertThat(simulated.withHealthy(false))
        .satisfies(
            e -> {
              assertThat(e.simulated()).isTrue();
              assertThat(e.healthy()).isFalse();
            });
    assertThat(simulated.withZone("z2").simulated()).isTrue();
    assertThat(simulated.withLabels(Map.of("a", "b")).simulated()).isTrue();
    assertThat(simulated.withSimulated(false)).isEqualTo(legacy);
  }

  @Test
  void nullNamesFailAtTheBoundaryNamingTheParameter() {
    assertThatThrownBy(() -> MeshRequest.builder().header(null, "v"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> MeshRequest.builder().header("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThatThrownBy(() -> MeshRequest.builder().sourceLabel(null, "v"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> MeshRequest.empty().header(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> RequestMatch.headerExact(null, "v"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> RequestMatch.headerExact("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value");
    assertThatThrownBy(() -> RequestMatch.header(null, StringMatch.present()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("name");
    assertThatThrownBy(() -> RequestMatch.header("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("match");
    assertThatThrownBy(() -> RequestMatch.method(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("method");
  }

  @Test
  void simulatedEndpointExceptionNamesServiceEndpointAddressAndTheWayOut() {
    Endpoint e = new Endpoint("shop-7d4f-x2", "10.244.0.9", 8080, 1, "", Map.of(), true, true);
    SimulatedEndpointException ex = new SimulatedEndpointException("shop", e);
    assertThat(ex.service()).isEqualTo("shop");
    assertThat(ex.endpoint()).isSameAs(e);
    assertThat(ex)
        .isInstanceOf(MeshException.class)
        .isInstanceOf(NotEndpointFault.class)
        .hasMessageContaining("'shop'")
        .hasMessageContaining("shop-7d4f-x2")
        .hasMessageContaining("10.244.0.9:8080")
        .hasMessageContaining(
            "the embedded cluster invented this address and nothing listens there")
        .hasMessageContaining(
            "plug a pod runtime into the in-memory cluster (CloudNative's embedded "
                + "defaults do) or use a real cluster");
    assertThatThrownBy(() -> new SimulatedEndpointException("shop", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("endpoint");
  }

  @Test
  void retryPolicyClassifiesFailures() {
    RetryPolicy p = RetryPolicy.custom().build();
    assertThat(RetryPolicy.classify(new ConnectException())).contains(RetryOn.CONNECT_FAILURE);
    assertThat(RetryPolicy.classify(new HttpTimeoutException("t"))).contains(RetryOn.TIMEOUT);
    assertThat(RetryPolicy.classify(new IOException("reset"))).contains(RetryOn.RESET);
    assertThat(RetryPolicy.classify(new RuntimeException(new ConnectException())))
        .contains(RetryOn.CONNECT_FAILURE);
    assertThat(RetryPolicy.classify(new IllegalStateException())).isEmpty();
    assertThat(p.retriesOn(new IllegalStateException())).isFalse();
    assertThat(p.retriesOnStatus(503)).isTrue();
    assertThat(p.retriesOnStatus(500)).isFalse();
    RetryPolicy all =
        RetryPolicy.custom().retryOn(RetryOn.SERVER_ERROR).retryOnStatuses(429).build();
    assertThat(all.retriesOnStatus(500)).isTrue();
    assertThat(all.retriesOnStatus(429)).isTrue();
    assertThat(RetryPolicy.custom().retryOn(RetryOn.GATEWAY_ERROR).build().retriesOnStatus(504))
        .isTrue();
  }

  @Test
  void backoffIsExponentialCappedAndJittered() {
    RetryPolicy p =
        RetryPolicy.custom()
            .backoff(Duration.ofMillis(10), Duration.ofMillis(100))
            .jitter(0.5)
            .build();
    assertThat(p.backoffNanos(1, 0)).isEqualTo(Duration.ofMillis(10).toNanos());
    assertThat(p.backoffNanos(3, 0)).isEqualTo(Duration.ofMillis(40).toNanos());
    assertThat(p.backoffNanos(10, 0)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(p.backoffNanos(70, 0)).isEqualTo(Duration.ofMillis(100).toNanos());
    assertThat(p.backoffNanos(1, 0.999))
        .isBetween(Duration.ofMillis(5).toNanos(), Duration.ofMillis(6).toNanos());
  }

  @Test
  void retryBudget() {
    RetryBudget b = RetryBudget.ofDefaults();
    assertThat(b.allows(2, 1)).as("minimum concurrency 3").isTrue();
    assertThat(b.allows(3, 10)).isFalse();
    assertThat(b.allows(19, 100)).isTrue();
    assertThat(b.allows(20, 100)).isFalse();
  }

  @Test
  void invalidPoliciesNameTheValue() {
    assertThatThrownBy(() -> RetryPolicy.custom().maxAttempts(0).build())
        .hasMessageContaining("maxAttempts was 0");
    assertThatThrownBy(
            () ->
                RetryPolicy.custom().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build())
        .hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> OutlierDetectionConfig.custom().maxEjectionPercent(101).build())
        .hasMessageContaining("maxEjectionPercent was 101");
    assertThatThrownBy(() -> ConcurrencyLimits.of(0)).hasMessageContaining("maxInFlight was 0");
    assertThatThrownBy(() -> DestinationPolicy.custom().panicThresholdPercent(-1).build())
        .hasMessageContaining("panicThresholdPercent was -1");
    assertThatThrownBy(() -> new RetryBudget(120, 1)).hasMessageContaining("budgetPercent was 120");
  }

  @Test
  void badValuesSayWhatWasGivenAndWhatIsAllowed() {
    assertThatThrownBy(() -> Destination.of(" ", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Destination subset was ' '; allowed a non-blank name");
    assertThatThrownBy(() -> Mirror.of("", 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Mirror subset was ''; allowed a non-blank name");
    assertThatThrownBy(() -> RouteTable.forService(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("service was ' '; allowed a non-blank name");
    assertThatThrownBy(() -> Endpoint.of("", 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host was ''")
        .hasMessageContaining("allowed a non-blank host");
    assertThatThrownBy(() -> new Endpoint(" ", "h", 80, 1, "", Map.of(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Endpoint id was ' '; allowed a non-blank id");
    assertThatThrownBy(() -> RetryPolicy.custom().overallTimeout(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("overallTimeout was PT-1S; allowed >= 0 (PT0S = none)");
    assertThatThrownBy(() -> StringMatch.regex("(unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'(unclosed'")
        .hasMessageContaining("allowed a java.util.regex.Pattern");
    assertThatThrownBy(
            () -> RouteTable.forService("svc").otherwise().split(Destination.of("v1", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all had weight 0")
        .hasMessageContaining("allowed");
    assertThatThrownBy(
            () -> new UpstreamCallException("svc", null, 1, StopReason.NOT_RETRYABLE, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("endpoint");
  }

  @Test
  void latencyBucketsRoundTrip() {
    for (long v : new long[] {0, 1, 7, 8, 15, 16, 1000, 123_456_789L, 1L << 39}) {
      int b = LatencySnapshot.bucketOf(v);
      assertThat(v)
          .isBetween(LatencySnapshot.bucketLowerBound(b), LatencySnapshot.bucketUpperBound(b));
      assertThat(LatencySnapshot.bucketUpperBound(b) - LatencySnapshot.bucketLowerBound(b))
          .isLessThanOrEqualTo(Math.max(1, v / 8));
    }
    assertThat(LatencySnapshot.bucketOf(Long.MAX_VALUE)).isEqualTo(LatencySnapshot.BUCKETS - 1);
  }
}
