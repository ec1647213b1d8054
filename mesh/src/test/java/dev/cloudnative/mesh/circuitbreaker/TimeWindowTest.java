package dev.cloudnative.mesh.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.StartTogether;
import org.junit.jupiter.api.Test;

/** The striped time window: exact totals under concurrent recorders, eviction, and when it sums. */
class TimeWindowTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void concurrentRecordersSumExactly() throws InterruptedException {
    TimeWindow window = new TimeWindow(10, 0L, 1);
    int threads = 6;
    int perThread = 50_000;
    StartTogether.run(
        threads,
        () -> {
          for (int i = 0; i < perThread; i++) {
            window.record(5 * SECOND, i % 4 == 0, i % 5 == 0);
          }
        });
    long totals = window.totals(5 * SECOND);
    assertThat(WindowCounts.calls(totals)).isEqualTo(threads * perThread);
    assertThat(WindowCounts.failures(totals)).isEqualTo(threads * perThread / 4);
    assertThat(WindowCounts.slow(totals)).isEqualTo(threads * perThread / 5);
  }

  @Test
  void outcomesLeaveTheWindowFromEveryStripe() throws InterruptedException {
    TimeWindow window = new TimeWindow(3, 0L, 1);
    Thread other = new Thread(() -> window.record(0L, true, false));
    other.start();
    other.join();
    window.record(0L, false, false);
    window.record(SECOND, true, true);
    assertThat(WindowCounts.calls(window.totals(2 * SECOND))).isEqualTo(3);
    // At 3 s the bucket of second 0 leaves (both stripes'); second 1's stays until 4 s.
    long at3 = window.totals(3 * SECOND);
    assertThat(WindowCounts.calls(at3)).isEqualTo(1);
    assertThat(WindowCounts.failures(at3)).isEqualTo(1);
    assertThat(WindowCounts.calls(window.totals(4 * SECOND))).isZero();
  }

  @Test
  void aSuccessIsEvaluatedUntilTheMinimumIsSeenInItsSecond() {
    TimeWindow window = new TimeWindow(10, 0L, 3);
    assertThat(WindowCounts.failures(window.record(0L, true, false))).isEqualTo(1);
    assertThat(WindowCounts.failures(window.record(0L, true, false))).isEqualTo(2);
    // The third call reaches the minimum: the breaker must see 2 failures in 3 calls.
    long third = window.record(0L, false, false);
    assertThat(WindowCounts.calls(third)).isEqualTo(3);
    assertThat(WindowCounts.failures(third)).isEqualTo(2);
    // Above the minimum within the same second a fast success only lowers the rates.
    assertThat(window.record(0L, false, false)).isEqualTo(TimeWindow.UNCHANGED);
    // A failure or a slow call is always evaluated.
    assertThat(WindowCounts.calls(window.record(0L, true, false))).isEqualTo(5);
    assertThat(WindowCounts.slow(window.record(0L, false, true))).isEqualTo(1);
    // In a new second outcomes may have left: the next success is evaluated again.
    assertThat(WindowCounts.calls(window.record(SECOND, false, false))).isEqualTo(7);
    assertThat(window.record(SECOND, false, false)).isEqualTo(TimeWindow.UNCHANGED);
    assertThat(WindowCounts.calls(window.totals(SECOND))).isEqualTo(8);
  }

  @Test
  void aBreakerOpensWhenASuccessReachesTheMinimumAtAHighFailureRate() {
    long[] now = {0L};
    SlidingWindowCircuitBreaker breaker =
        new SlidingWindowCircuitBreaker(
            "b",
            "svc",
            "v1",
            dev.cloudnative.mesh.CircuitBreakerConfig.custom()
                .failureRateThreshold(50)
                .slidingWindow(10, 4, dev.cloudnative.mesh.SlidingWindowType.TIME_BASED)
                .build(),
            () -> now[0],
            event -> {});
    breaker.onError(1);
    breaker.onError(1);
    breaker.onSuccess(1);
    assertThat(breaker.state()).isEqualTo(dev.cloudnative.mesh.CircuitState.CLOSED);
    // 2 failures in 4 calls: 50% once the minimum is reached, by a success.
    breaker.onSuccess(1);
    assertThat(breaker.state()).isEqualTo(dev.cloudnative.mesh.CircuitState.OPEN);
  }
}
