package dev.cloudnative.mesh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.CircuitBreakerConfig;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshTimeoutException;
import dev.cloudnative.mesh.StopReason;
import dev.cloudnative.mesh.circuitbreaker.SlidingWindowCircuitBreaker;
import dev.cloudnative.mesh.stats.EndpointRecorder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The recorder's no-op default and its tag values. */
class MeshMetersTest {

  private final SlidingWindowCircuitBreaker breaker =
      new SlidingWindowCircuitBreaker(
          "b", "svc", "", CircuitBreakerConfig.ofDefaults(), MeshClock.system(), e -> {});

  @Test
  void theNoOpRecorderMakesOnlySharedEmptySets() {
    Endpoint e = Endpoint.of("10.0.0.1", 80);
    assertThat(MeshMeters.NOOP.enabled()).isFalse();
    assertThat(MeshMeters.NOOP.service("svc", r -> 0L, () -> 0)).isSameAs(ServiceMeters.NOOP);
    assertThat(MeshMeters.NOOP.subset("svc", "v1")).isSameAs(SubsetMeters.NOOP);
    assertThat(MeshMeters.NOOP.endpoint("svc", e, breaker, new EndpointRecorder()))
        .isSameAs(EndpointMeters.NOOP);
    assertThat(MeshMeters.NOOP.serviceBreaker("svc", breaker)).isSameAs(BreakerMeters.NOOP);
    assertThat(MeshMeters.NOOP.requests("svc", "v1", e)).isSameAs(RequestMeters.NOOP);
    assertThat(ServiceMeters.NOOP.enabled()).isFalse();
    // Recording into the no-op sets is allowed and does nothing.
    ServiceMeters.NOOP.callEnded(StopReason.SUCCEEDED, 1);
    RequestMeters.NOOP.record(AttemptOutcome.SUCCESS, 1);
    EndpointMeters.NOOP.breaker.recorded(true);
  }

  @Test
  void aRealRecorderRegistersAndRemovesItsMeters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MeshMeters meters = MeshMeters.of(registry);
    EndpointMeters endpoint =
        meters.endpoint("svc", Endpoint.of("10.0.0.1", 80), breaker, new EndpointRecorder());
    // 3 state gauges, 3 call kinds, 6 transitions, 1 ejection counter.
    assertThat(registry.getMeters()).hasSize(13);
    endpoint.remove();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void outcomesAreLowercaseAndClassified() {
    assertThat(AttemptOutcome.of(null, false).tag).isEqualTo("success");
    assertThat(AttemptOutcome.of(null, true).tag).isEqualTo("server_error");
    assertThat(AttemptOutcome.of(new IllegalStateException(), true).tag).isEqualTo("failure");
    MeshTimeoutException timeout =
        new MeshTimeoutException("svc", MeshTimeoutException.Scope.PER_TRY, Duration.ofMillis(1));
    assertThat(AttemptOutcome.of(timeout, true).tag).isEqualTo("timeout");
    assertThat(ServiceMeters.outcome(StopReason.SUCCEEDED)).isEqualTo("success");
    assertThat(ServiceMeters.outcome(StopReason.NO_HEALTHY_ENDPOINT))
        .isEqualTo("no_healthy_endpoint");
  }
}
