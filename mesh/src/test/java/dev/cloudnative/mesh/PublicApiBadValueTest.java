package dev.cloudnative.mesh;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.mesh.registry.InMemoryEndpointRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every numeric or duration setting of the public configuration values and builders, given a value
 * out of its range, throws an {@link IllegalArgumentException} that says what was given and what is
 * allowed (CONTRIBUTING, "Errors"), before anything is built.
 */
class PublicApiBadValueTest {

  private static final Duration NEGATIVE = Duration.ofSeconds(-1);

  static Stream<Arguments> badValues() {
    return Stream.of(
        // CircuitBreakerConfig
        bad(
            "failureRateThreshold was 0.0",
            () -> CircuitBreakerConfig.custom().failureRateThreshold(0).build()),
        bad(
            "failureRateThreshold was 101.0",
            () -> CircuitBreakerConfig.custom().failureRateThreshold(101).build()),
        bad(
            "failureRateThreshold was NaN",
            () -> CircuitBreakerConfig.custom().failureRateThreshold(Float.NaN).build()),
        bad(
            "slowCallRateThreshold was -1.0",
            () -> CircuitBreakerConfig.custom().slowCallRateThreshold(-1).build()),
        bad(
            "slowCallDurationThreshold was PT0S",
            () -> CircuitBreakerConfig.custom().slowCallDurationThreshold(Duration.ZERO).build()),
        bad(
            "slidingWindowSize was 0",
            () -> CircuitBreakerConfig.custom().slidingWindowSize(0).build()),
        bad(
            "slidingWindowSize was 3601",
            () ->
                CircuitBreakerConfig.custom()
                    .slidingWindow(3601, 10, SlidingWindowType.TIME_BASED)
                    .build()),
        bad(
            "minimumNumberOfCalls was 0",
            () -> CircuitBreakerConfig.custom().minimumNumberOfCalls(0).build()),
        bad(
            "waitDurationInOpenState was PT-1S",
            () -> CircuitBreakerConfig.custom().waitDurationInOpenState(NEGATIVE).build()),
        bad(
            "permittedNumberOfCallsInHalfOpenState was 0",
            () -> CircuitBreakerConfig.custom().permittedNumberOfCallsInHalfOpenState(0).build()),
        // OutlierDetectionConfig
        bad(
            "consecutiveFailures was 0",
            () -> OutlierDetectionConfig.custom().consecutiveFailures(0).build()),
        bad(
            "interval was PT0S",
            () -> OutlierDetectionConfig.custom().interval(Duration.ZERO).build()),
        bad(
            "baseEjectionTime was PT-1S",
            () -> OutlierDetectionConfig.custom().baseEjectionTime(NEGATIVE).build()),
        bad(
            "maxEjectionTime was PT1S",
            () ->
                OutlierDetectionConfig.custom()
                    .baseEjectionTime(Duration.ofSeconds(2))
                    .maxEjectionTime(Duration.ofSeconds(1))
                    .build()),
        bad(
            "maxEjectionPercent was -1",
            () -> OutlierDetectionConfig.custom().maxEjectionPercent(-1).build()),
        bad(
            "successRateMinimumHosts was 0",
            () -> OutlierDetectionConfig.custom().successRate(0, 100, 1.9).build()),
        bad(
            "successRateRequestVolume was 0",
            () -> OutlierDetectionConfig.custom().successRate(5, 0, 1.9).build()),
        bad(
            "successRateStdevFactor was 0.0",
            () -> OutlierDetectionConfig.custom().successRate(5, 100, 0).build()),
        bad(
            "failurePercentageThreshold was 101",
            () -> OutlierDetectionConfig.custom().failurePercentage(101, 5, 50).build()),
        bad(
            "failurePercentageMinimumHosts was 0",
            () -> OutlierDetectionConfig.custom().failurePercentage(50, 0, 50).build()),
        bad(
            "failurePercentageRequestVolume was 0",
            () -> OutlierDetectionConfig.custom().failurePercentage(50, 5, 0).build()),
        // RetryPolicy
        bad("maxAttempts was 0", () -> RetryPolicy.custom().maxAttempts(0).build()),
        bad("maxAttempts was 101", () -> RetryPolicy.custom().maxAttempts(101).build()),
        bad("perTryTimeout was PT-1S", () -> RetryPolicy.custom().perTryTimeout(NEGATIVE).build()),
        bad(
            "overallTimeout was PT-1S",
            () -> RetryPolicy.custom().overallTimeout(NEGATIVE).build()),
        bad(
            "baseBackoff was PT-1S",
            () -> RetryPolicy.custom().backoff(NEGATIVE, Duration.ofSeconds(1)).build()),
        bad(
            "maxBackoff was PT1S",
            () ->
                RetryPolicy.custom().backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).build()),
        bad("jitter was 1.5", () -> RetryPolicy.custom().jitter(1.5).build()),
        bad("jitter was NaN", () -> RetryPolicy.custom().jitter(Double.NaN).build()),
        bad("retryOnStatuses held 99", () -> RetryPolicy.custom().retryOnStatuses(429, 99).build()),
        bad("retry was 0", () -> RetryPolicy.none().backoffNanos(0, 0.5)),
        bad("random was 1.0", () -> RetryPolicy.none().backoffNanos(1, 1.0)),
        // RetryBudget
        bad("budgetPercent was -1.0", () -> new RetryBudget(-1, 3)),
        bad("budgetPercent was 101.0", () -> new RetryBudget(101, 3)),
        bad("minRetryConcurrency was -1", () -> new RetryBudget(20, -1)),
        // ConcurrencyLimits
        bad("maxInFlight was 0", () -> ConcurrencyLimits.of(0)),
        bad("maxPending was -1", () -> ConcurrencyLimits.of(1, -1, Duration.ZERO)),
        bad("maxPendingWait was PT-1S", () -> ConcurrencyLimits.of(1, 1, NEGATIVE)),
        // DestinationPolicy
        bad(
            "panicThresholdPercent was 101",
            () -> DestinationPolicy.custom().panicThresholdPercent(101).build()),
        bad(
            "maxRetryAfter was PT0S",
            () -> DestinationPolicy.custom().maxRetryAfter(Duration.ZERO).build()),
        // PeakEwmaConfig
        bad(
            "decay was PT0.001S",
            () -> PeakEwmaConfig.custom().decay(Duration.ofMillis(1)).build()),
        bad("maxRtt was PT0S", () -> PeakEwmaConfig.custom().maxRtt(Duration.ZERO).build()),
        bad("defaultRtt was PT-1S", () -> PeakEwmaConfig.custom().defaultRtt(NEGATIVE).build()),
        bad("failurePenalty was 0.5", () -> PeakEwmaConfig.custom().failurePenalty(0.5).build()),
        // LocalityConfig
        bad(
            "overprovisioningFactor was 0.5",
            () -> LocalityConfig.custom().overprovisioningFactor(0.5).build()),
        bad(
            "overprovisioningFactor was NaN",
            () -> LocalityConfig.custom().overprovisioningFactor(Double.NaN).build()),
        bad("minClusterSize was -1", () -> LocalityConfig.custom().minClusterSize(-1).build()),
        bad(
            "failover held zone 'b' twice",
            () -> LocalityConfig.custom().failover(List.of("b", "c", "b")).build()),
        // SlowStartConfig
        bad("window was PT0S", () -> SlowStartConfig.custom().window(Duration.ZERO).build()),
        bad("window was PT48H", () -> SlowStartConfig.custom().window(Duration.ofDays(2)).build()),
        bad("aggression was 0.0", () -> SlowStartConfig.custom().aggression(0).build()),
        bad("aggression was NaN", () -> SlowStartConfig.custom().aggression(Double.NaN).build()),
        bad(
            "aggression was Infinity",
            () -> SlowStartConfig.custom().aggression(Double.POSITIVE_INFINITY).build()),
        bad(
            "minWeightPercent was 100.5",
            () -> SlowStartConfig.custom().minWeightPercent(100.5).build()),
        bad(
            "minWeightPercent was -1.0",
            () -> SlowStartConfig.custom().minWeightPercent(-1).build()),
        // HedgePolicy
        bad("maxAttempts was 1", () -> HedgePolicy.custom().maxAttempts(1).build()),
        bad("maxAttempts was 11", () -> HedgePolicy.custom().maxAttempts(11).build()),
        bad("delay was PT-1S", () -> HedgePolicy.custom().delay(NEGATIVE).build()),
        bad("delay was PT2H", () -> HedgePolicy.custom().delay(Duration.ofHours(2)).build()),
        bad("percentile was 40.0", () -> HedgePolicy.custom().percentileDelay(40).build()),
        bad("percentile was NaN", () -> HedgePolicy.custom().percentileDelay(Double.NaN).build()),
        bad("window was PT0.01S", () -> HedgePolicy.custom().window(Duration.ofMillis(10)).build()),
        // AdaptiveConcurrency
        bad("minLimit was 0", () -> AdaptiveConcurrency.vegas().minLimit(0).build()),
        bad("maxLimit was 100001", () -> AdaptiveConcurrency.vegas().maxLimit(100_001).build()),
        bad(
            "maxLimit was 5",
            () -> AdaptiveConcurrency.vegas().minLimit(6).initialLimit(6).maxLimit(5).build()),
        bad("initialLimit was 0", () -> AdaptiveConcurrency.vegas().initialLimit(0).build()),
        bad("initialLimit was 2000", () -> AdaptiveConcurrency.vegas().initialLimit(2000).build()),
        bad("window was PT0S", () -> AdaptiveConcurrency.vegas().window(Duration.ZERO).build()),
        bad("windowSamples was 0", () -> AdaptiveConcurrency.vegas().windowSamples(0).build()),
        bad(
            "probeInterval was PT0.5S",
            () -> AdaptiveConcurrency.vegas().probeInterval(Duration.ofMillis(500)).build()),
        // FaultInjection
        bad("delayPercent was -1.0", () -> FaultInjection.delay(-1, Duration.ofMillis(1))),
        bad("delayPercent was 101.0", () -> FaultInjection.delay(101, Duration.ofMillis(1))),
        bad("fault delay was PT-1S", () -> FaultInjection.delay(10, NEGATIVE)),
        bad("abortPercent was NaN", () -> FaultInjection.abort(Double.NaN, 503)),
        bad("fault abort status was 600", () -> FaultInjection.abort(10, 600)),
        bad(
            "fault abort status was 99",
            () -> FaultInjection.delay(10, Duration.ofMillis(1)).andAbort(10, 99)),
        // Mirror and Destination (route weights)
        bad("Mirror percent was 100.5", () -> Mirror.of("v2", 100.5)),
        bad("Mirror subset was ''", () -> Mirror.of("", 5)),
        bad("weight of subset 'v1' was -1", () -> Destination.of("v1", -1)),
        bad("Destination subset was ' '", () -> Destination.of(" ", 1)),
        bad(
            "all had weight 0",
            () -> RouteTable.forService("svc").otherwise().split(Destination.of("v1", 0))),
        bad(
            "Mirror percent was -5.0",
            () -> RouteTable.forService("svc").otherwise().mirror("v2", -5)),
        // Endpoint port and weight, directly and through the registry
        bad("port was 0", () -> Endpoint.of("localhost", 0)),
        bad("port was 65536", () -> Endpoint.of("localhost", 65536)),
        bad("weight was 0", () -> Endpoint.of("localhost", 80, 0)),
        bad("weight was 1000001", () -> Endpoint.of("localhost", 80).withWeight(1_000_001)),
        bad(
            "weight was -3",
            () -> {
              InMemoryEndpointRegistry registry = new InMemoryEndpointRegistry();
              Endpoint e = Endpoint.of("localhost", 80);
              registry.register("svc", "v1", e);
              registry.updateWeight("svc", "v1", e.id(), -3);
            }),
        bad("host was ' '", () -> new Endpoint("e1", " ", 80, 1, "", Map.of(), true)),
        // LatencySnapshot
        bad("percentile was 100.1", () -> LatencySnapshot.EMPTY.percentileNanos(100.1)),
        // registry: one id twice in a subset
        bad(
            "repeat an id",
            () ->
                new InMemoryEndpointRegistry()
                    .replaceSubset(
                        "svc",
                        "v1",
                        List.of(Endpoint.of("localhost", 80), Endpoint.of("localhost", 80)))));
  }

  private static Arguments bad(String given, ThrowingCallable call) {
    return Arguments.of(given, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void saysWhatWasGivenAndWhatIsAllowed(String given, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(given)
        .hasMessageContaining("allowed");
  }
}
