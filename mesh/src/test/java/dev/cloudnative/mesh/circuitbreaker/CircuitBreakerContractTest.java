package dev.cloudnative.mesh.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.CircuitBreaker;
import dev.cloudnative.mesh.CircuitBreakerConfig;
import dev.cloudnative.mesh.CircuitState;
import dev.cloudnative.mesh.ManualClock;
import dev.cloudnative.mesh.SlidingWindowType;
import dev.cloudnative.mesh.event.CircuitStateTransitionEvent;
import dev.cloudnative.mesh.event.MeshEvent;
import dev.cloudnative.mesh.event.MeshEventListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link CircuitBreaker}: Resilience4j's state machine, driven by a manual
 * clock.
 */
abstract class CircuitBreakerContractTest {

  static final long MS = 1_000_000L;

  final ManualClock clock = new ManualClock();
  final List<MeshEvent> events = new CopyOnWriteArrayList<>();

  abstract CircuitBreaker create(
      CircuitBreakerConfig config, ManualClock clock, MeshEventListener listener);

  CircuitBreaker breaker(CircuitBreakerConfig config) {
    return create(config, clock, events::add);
  }

  static CircuitBreakerConfig.Builder small() {
    return CircuitBreakerConfig.custom()
        .slidingWindow(10, 5, SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(50)
        .waitDurationInOpenState(Duration.ofSeconds(10))
        .permittedNumberOfCallsInHalfOpenState(3);
  }

  private static void fail(CircuitBreaker cb, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(cb.tryAcquirePermission()).isTrue();
      cb.onError(MS);
    }
  }

  private static void succeed(CircuitBreaker cb, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(cb.tryAcquirePermission()).isTrue();
      cb.onSuccess(MS);
    }
  }

  @Test
  void startsClosedAndPermits() {
    CircuitBreaker cb = breaker(small().build());
    assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.metrics().failureRate()).isEqualTo(-1f);
    assertThat(cb.openUntilNanos()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void staysClosedBelowMinimumNumberOfCalls() {
    CircuitBreaker cb = breaker(small().build());
    fail(cb, 4);
    assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(cb.metrics().bufferedCalls()).isEqualTo(4);
    assertThat(cb.metrics().failedCalls()).isEqualTo(4);
  }

  @Test
  void opensWhenFailureRateReachesThreshold() {
    CircuitBreaker cb = breaker(small().build());
    succeed(cb, 3);
    fail(cb, 2);
    assertThat(cb.state()).as("2 of 5 = 40%% < 50%%").isEqualTo(CircuitState.CLOSED);
    fail(cb, 1);
    assertThat(cb.state()).as("3 of 6 = 50%%").isEqualTo(CircuitState.OPEN);
    assertThat(events)
        .singleElement()
        .isInstanceOfSatisfying(
            CircuitStateTransitionEvent.class,
            e -> {
              assertThat(e.from()).isEqualTo(CircuitState.CLOSED);
              assertThat(e.to()).isEqualTo(CircuitState.OPEN);
            });
  }

  @Test
  void opensWhenSlowCallRateReachesThreshold() {
    CircuitBreaker cb =
        breaker(
            small()
                .slowCallDurationThreshold(Duration.ofMillis(100))
                .slowCallRateThreshold(60)
                .build());
    for (int i = 0; i < 4; i++) {
      assertThat(cb.tryAcquirePermission()).isTrue();
      cb.onSuccess(150 * MS);
    }
    assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(cb.tryAcquirePermission()).isTrue();
    cb.onSuccess(10 * MS);
    assertThat(cb.state()).as("4 slow of 5 = 80%%").isEqualTo(CircuitState.OPEN);
  }

  @Test
  void countWindowSlidesOutOldFailures() {
    CircuitBreaker cb = breaker(small().failureRateThreshold(60).build());
    succeed(cb, 6);
    fail(cb, 4);
    assertThat(cb.metrics().failedCalls()).isEqualTo(4);
    assertThat(cb.state()).as("4 of 10 = 40%%").isEqualTo(CircuitState.CLOSED);
    succeed(cb, 10);
    assertThat(cb.metrics().bufferedCalls()).isEqualTo(10);
    assertThat(cb.metrics().failedCalls()).as("the failures slid out").isZero();
  }

  @Test
  void openRejectsUntilWaitDurationThenHalfOpens() {
    CircuitBreaker cb = breaker(small().build());
    fail(cb, 5);
    assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    assertThat(cb.openUntilNanos()).isEqualTo(clock.nanoTime() + Duration.ofSeconds(10).toNanos());
    assertThat(cb.tryAcquirePermission()).isFalse();
    clock.advance(Duration.ofMillis(9_999));
    assertThat(cb.tryAcquirePermission()).isFalse();
    assertThat(cb.metrics().notPermittedCalls()).isEqualTo(2);
    clock.advance(Duration.ofMillis(1));
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void halfOpenPermitsOnlyTheConfiguredTrialCalls() {
    CircuitBreaker cb = breaker(small().build());
    fail(cb, 5);
    clock.advance(Duration.ofSeconds(10));
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.tryAcquirePermission()).isTrue();
    assertThat(cb.tryAcquirePermission()).isFalse();
    cb.releasePermission();
    assertThat(cb.tryAcquirePermission()).as("a released permit can be taken again").isTrue();
  }

  @Test
  void halfOpenClosesWhenTrialSucceeds() {
    CircuitBreaker cb = breaker(small().build());
    fail(cb, 5);
    clock.advance(Duration.ofSeconds(10));
    succeed(cb, 2);
    assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
    fail(cb, 1);
    assertThat(cb.state()).as("1 of 3 failed = 33%% < 50%%").isEqualTo(CircuitState.CLOSED);
    assertThat(cb.metrics().bufferedCalls()).as("a fresh window").isZero();
    assertThat(events)
        .extracting(e -> ((CircuitStateTransitionEvent) e).to())
        .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
  }

  @Test
  void halfOpenReopensWhenTrialFails() {
    CircuitBreaker cb = breaker(small().build());
    fail(cb, 5);
    clock.advance(Duration.ofSeconds(10));
    succeed(cb, 1);
    fail(cb, 2);
    assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    assertThat(cb.openUntilNanos()).isEqualTo(clock.nanoTime() + Duration.ofSeconds(10).toNanos());
    assertThat(cb.tryAcquirePermission()).isFalse();
  }

  @Test
  void outcomesRecordedWhileOpenDoNotChangeState() {
    CircuitBreaker cb = breaker(small().build());
    fail(cb, 5);
    cb.onSuccess(MS);
    cb.onError(MS);
    assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void timeBasedWindowForgetsOutcomesOlderThanTheWindow() {
    CircuitBreaker cb =
        breaker(
            CircuitBreakerConfig.custom()
                .slidingWindow(5, 4, SlidingWindowType.TIME_BASED)
                .failureRateThreshold(50)
                .build());
    fail(cb, 1);
    succeed(cb, 2);
    clock.advance(Duration.ofSeconds(3));
    succeed(cb, 1);
    assertThat(cb.metrics().bufferedCalls()).isEqualTo(4);
    assertThat(cb.state()).as("1 of 4 = 25%%").isEqualTo(CircuitState.CLOSED);
    clock.advance(Duration.ofSeconds(3));
    assertThat(cb.metrics().bufferedCalls()).as("the first 3 calls are 6 s old").isEqualTo(1);
    fail(cb, 2);
    assertThat(cb.state()).as("3 calls, below the minimum of 4").isEqualTo(CircuitState.CLOSED);
    fail(cb, 1);
    assertThat(cb.state()).as("3 of 4 = 75%%").isEqualTo(CircuitState.OPEN);
  }

  @Test
  void timeBasedWindowForgetsEverythingAfterALongPause() {
    CircuitBreaker cb =
        breaker(
            CircuitBreakerConfig.custom()
                .slidingWindow(10, 3, SlidingWindowType.TIME_BASED)
                .failureRateThreshold(50)
                .build());
    fail(cb, 2);
    clock.advance(Duration.ofMinutes(5));
    fail(cb, 1);
    assertThat(cb.metrics().bufferedCalls()).isEqualTo(1);
    assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void resetClosesAnOpenBreaker() {
    CircuitBreaker cb = breaker(small().build());
    fail(cb, 5);
    cb.reset();
    assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(cb.tryAcquirePermission()).isTrue();
  }

  @Test
  void concurrentRecordingKeepsExactTotals() throws Exception {
    CircuitBreaker cb =
        breaker(
            CircuitBreakerConfig.custom()
                .slidingWindow(1000, 1000, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .build());
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 50_000; i++) {
                  cb.tryAcquirePermission();
                  cb.onSuccess(MS);
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(cb.metrics().bufferedCalls()).isEqualTo(1000);
    assertThat(cb.metrics().failedCalls()).isZero();
    assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
  }
}
