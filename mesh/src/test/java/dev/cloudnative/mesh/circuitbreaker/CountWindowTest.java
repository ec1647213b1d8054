package dev.cloudnative.mesh.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.CircuitBreaker;
import dev.cloudnative.mesh.CircuitBreakerConfig;
import dev.cloudnative.mesh.CircuitState;
import dev.cloudnative.mesh.SlidingWindowType;
import dev.cloudnative.mesh.StartTogether;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The striped count window: exact last-N semantics on one thread, totals that match the ring under
 * concurrent recording, and blocks of at most a cache line.
 */
class CountWindowTest {

  @Test
  void blocksAreAQuarterOfTheRingAtMostALine() {
    assertThat(CountWindow.blockFor(100)).isEqualTo(16);
    assertThat(CountWindow.blockFor(10)).isEqualTo(2);
    assertThat(CountWindow.blockFor(3)).isEqualTo(1);
  }

  @Test
  void oneThreadSeesExactlyTheLastNOutcomes() {
    CountWindow window = new CountWindow(100);
    for (int i = 0; i < 100; i++) {
      window.record(0, i < 30, false);
    }
    assertThat(WindowCounts.calls(window.totals(0))).isEqualTo(100);
    assertThat(WindowCounts.failures(window.totals(0))).isEqualTo(30);
    // 30 successes evict the 30 failures, in order.
    for (int i = 0; i < 30; i++) {
      assertThat(WindowCounts.failures(window.totals(0))).isEqualTo(30 - i);
      assertThat(window.record(0, false, false)).isEqualTo(CountWindow.UNCHANGED);
    }
    assertThat(WindowCounts.failures(window.totals(0))).isZero();
    // A failure may raise the rate: the totals come back.
    long totals = window.record(0, true, true);
    assertThat(WindowCounts.failures(totals)).isEqualTo(1);
    assertThat(WindowCounts.slow(totals)).isEqualTo(1);
    assertThat(WindowCounts.calls(totals)).isEqualTo(100);
  }

  @Test
  void concurrentRecordsKeepTheTotalsOfTheRing() throws Exception {
    CountWindow window = new CountWindow(100);
    StartTogether.run(
        6,
        () -> {
          ThreadLocalRandom random = ThreadLocalRandom.current();
          for (int i = 0; i < 200_000; i++) {
            window.record(0, random.nextInt(4) == 0, random.nextInt(10) == 0);
          }
        });
    long totals = window.totals(0);
    assertThat(WindowCounts.consistent(totals)).isTrue();
    assertThat(WindowCounts.calls(totals)).isEqualTo(100);
    // About a quarter failed; the window holds 100 recent outcomes of them.
    assertThat(WindowCounts.failures(totals)).isBetween(5, 60);
    // After the race, one thread's 100 records are exactly the window again (every block of the
    // ring rewritten once the stragglers' blocks come round).
    for (int i = 0; i < 300; i++) {
      window.record(0, false, false);
    }
    assertThat(WindowCounts.failures(window.totals(0))).isZero();
    assertThat(WindowCounts.calls(window.totals(0))).isEqualTo(100);
  }

  @Test
  void aFullRingOfSuccessesIsCleanAndAFailureStillCountsAndLeavesInOrder() {
    CountWindow window = new CountWindow(100);
    for (int i = 0; i < 99; i++) {
      window.record(0, false, false);
    }
    assertThat(window.clean()).isFalse();
    window.record(0, false, false);
    assertThat(window.clean()).isTrue();
    // More successes change nothing while it is clean.
    for (int i = 0; i < 1_000; i++) {
      assertThat(window.record(0, false, false)).isEqualTo(CountWindow.UNCHANGED);
    }
    long totals = window.record(0, true, false);
    assertThat(window.clean()).isFalse();
    assertThat(WindowCounts.calls(totals)).isEqualTo(100);
    assertThat(WindowCounts.failures(totals)).isEqualTo(1);
    // The failure leaves with the 100th record after it, as in a strict ring.
    for (int i = 0; i < 99; i++) {
      window.record(0, false, false);
      assertThat(WindowCounts.failures(window.totals(0))).isEqualTo(1);
    }
    window.record(0, false, false);
    assertThat(WindowCounts.failures(window.totals(0))).isZero();
    assertThat(window.clean()).isTrue();
    // A slow success is no plain one either.
    totals = window.record(0, false, true);
    assertThat(WindowCounts.slow(totals)).isEqualTo(1);
    assertThat(window.clean()).isFalse();
  }

  @Test
  void theCleanFlagNeverHidesAFailureRecordedAtTheSameTime() throws Exception {
    for (int round = 0; round < 20; round++) {
      CountWindow window = new CountWindow(100);
      StartTogether.run(
          4,
          () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < 20_000; i++) {
              window.record(0, random.nextInt(50) == 0, false);
            }
          });
      long totals = window.totals(0);
      if (window.clean()) {
        assertThat(WindowCounts.failures(totals)).isZero();
        assertThat(WindowCounts.calls(totals)).isEqualTo(100);
      }
      // A failure recorded now is counted whatever the flag said.
      window.record(0, true, false);
      assertThat(window.clean()).isFalse();
      assertThat(WindowCounts.failures(window.totals(0))).isPositive();
    }
  }

  @Test
  void aBreakerRecordedFromManyThreadsOpensWhenTheRateIsReached() throws Exception {
    // Resilience4j's defaults: 100 calls, all of them needed, 50%.
    CircuitBreaker breaker =
        CircuitBreaker.of(
            "b",
            CircuitBreakerConfig.custom()
                .slidingWindow(100, 100, SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofMinutes(1))
                .build());
    StartTogether.run(
        4,
        () -> {
          for (int i = 0; i < 10_000 && breaker.state() == CircuitState.CLOSED; i++) {
            if (breaker.tryAcquirePermission()) {
              breaker.onSuccess(1_000);
            }
          }
          for (int i = 0; i < 10_000 && breaker.state() == CircuitState.CLOSED; i++) {
            if (breaker.tryAcquirePermission()) {
              breaker.onError(1_000);
            }
          }
        });
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }
}
