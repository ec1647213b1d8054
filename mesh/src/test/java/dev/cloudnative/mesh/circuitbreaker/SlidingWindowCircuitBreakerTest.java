package dev.cloudnative.mesh.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.mesh.CircuitBreaker;
import dev.cloudnative.mesh.CircuitBreakerConfig;
import dev.cloudnative.mesh.ManualClock;
import dev.cloudnative.mesh.event.MeshEventListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingWindowCircuitBreakerTest extends CircuitBreakerContractTest {

  @Override
  CircuitBreaker create(
      CircuitBreakerConfig config, ManualClock clock, MeshEventListener listener) {
    return CircuitBreaker.of("test", config, clock, listener);
  }

  @Test
  void defaultsAreResilience4jDefaults() {
    CircuitBreakerConfig c = CircuitBreakerConfig.ofDefaults();
    assertThat(c.failureRateThreshold()).isEqualTo(50f);
    assertThat(c.slowCallRateThreshold()).isEqualTo(100f);
    assertThat(c.slidingWindowSize()).isEqualTo(100);
    assertThat(c.minimumNumberOfCalls()).isEqualTo(100);
    assertThat(c.waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.permittedNumberOfCallsInHalfOpenState()).isEqualTo(10);
  }

  @Test
  void invalidConfigurationNamesValueAndRange() {
    assertThatThrownBy(() -> CircuitBreakerConfig.custom().failureRateThreshold(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0.0")
        .hasMessageContaining("(0, 100]");
    assertThatThrownBy(() -> CircuitBreakerConfig.custom().slidingWindowSize(0).build())
        .hasMessageContaining("slidingWindowSize was 0");
    assertThatThrownBy(
            () -> CircuitBreakerConfig.custom().waitDurationInOpenState(Duration.ZERO).build())
        .hasMessageContaining("waitDurationInOpenState");
  }

  @Test
  void minimumCallsAreCappedAtCountWindowSize() {
    assertThat(
            CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(50)
                .build()
                .minimumNumberOfCalls())
        .isEqualTo(10);
  }

  @Test
  void recordingDoesNotAllocate() {
    CircuitBreaker cb = create(CircuitBreakerConfig.ofDefaults(), clock, MeshEventListener.NONE);
    Allocations.assertNoAllocation(
        () -> {
          for (int i = 0; i < 20_000; i++) {
            if (cb.tryAcquirePermission()) {
              cb.onSuccess(1000);
            }
          }
        });
  }
}
