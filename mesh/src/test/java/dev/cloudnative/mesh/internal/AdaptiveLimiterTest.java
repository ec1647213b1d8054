package dev.cloudnative.mesh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.AdaptiveConcurrency;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Vegas limit on a model clock: a backend of capacity {@code N} with service time {@code S}
 * answers a window's calls in {@code S × max(1, inFlight / N)} (the queue in front of it), and the
 * limit must settle where Vegas puts it, a few calls above {@code N}.
 */
class AdaptiveLimiterTest {

  private static final long MS = 1_000_000L;
  private static final long WINDOW = 100 * MS;

  private long now = 1_000 * MS;

  private static AdaptiveConcurrency config(int initial) {
    return AdaptiveConcurrency.vegas()
        .initialLimit(initial)
        .window(Duration.ofNanos(WINDOW))
        .windowSamples(10)
        .probeInterval(Duration.ofSeconds(60))
        .build();
  }

  /** One window of saturating traffic: every slot of the limit busy, RTTs of the model backend. */
  private void saturatedWindow(AdaptiveLimiter limiter, int capacity, long serviceNanos) {
    int limit = limiter.limit();
    long rtt = serviceNanos * Math.max(1, limit) / Math.min(limit, capacity);
    now += WINDOW;
    for (int i = 0; i < 20; i++) {
      int admitted = limiter.tryAcquire();
      assertThat(admitted).isPositive();
      limiter.release(AdaptiveLimiter.Sample.RTT, rtt, limit, now);
    }
  }

  @Test
  void theLimitSettlesAFewCallsAboveTheBackendsCapacity() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(config(20), now);
    assertThat(limiter.limit()).as("the first window probes at a quarter").isEqualTo(5);
    for (int w = 0; w < 60; w++) {
      saturatedWindow(limiter, 4, 10 * MS);
    }
    // Vegas: queue = limit - 4 must end within 3..6 (alpha and beta for limits under 100).
    assertThat(limiter.limit()).isBetween(7, 10);

    AdaptiveLimiter big = new AdaptiveLimiter(config(20), now);
    for (int w = 0; w < 200; w++) {
      saturatedWindow(big, 100, 10 * MS);
    }
    assertThat(big.limit()).as("grows to a larger backend").isBetween(100, 130);
  }

  @Test
  void callsBeyondTheLimitAreShed() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(config(8), now);
    int limit = limiter.limit();
    for (int i = 0; i < limit; i++) {
      assertThat(limiter.tryAcquire()).isEqualTo(i + 1);
    }
    assertThat(limiter.tryAcquire()).isZero();
    assertThat(limiter.inFlight()).isEqualTo(limit);
    limiter.release(AdaptiveLimiter.Sample.IGNORE, 0, limit, now);
    assertThat(limiter.tryAcquire()).isEqualTo(limit);
  }

  /** One window of 20 calls, each in flight with {@code inFlight} others. */
  private void window(AdaptiveLimiter limiter, long rtt, int inFlight, boolean oneDrop) {
    now += WINDOW;
    for (int i = 0; i < 20; i++) {
      limiter.tryAcquire();
      limiter.release(
          oneDrop && i == 1 ? AdaptiveLimiter.Sample.DROP : AdaptiveLimiter.Sample.RTT,
          rtt,
          inFlight,
          now);
    }
  }

  @Test
  void dropsLowerTheLimitAndAnIdleCallerDoesNotRaiseIt() {
    AdaptiveLimiter limiter = new AdaptiveLimiter(config(50), now);
    for (int w = 0; w < 3; w++) {
      saturatedWindow(limiter, 1_000, 10 * MS); // the probe, then no queue at all
    }
    // Two calls in flight at most: the caller is the bottleneck, so no growth. (A window ends with
    // the first sample after it, so the first idle window closes the last saturated one.)
    window(limiter, 10 * MS, 2, false);
    int before = limiter.limit();
    for (int w = 0; w < 10; w++) {
      window(limiter, 10 * MS, 2, false);
    }
    assertThat(limiter.limit()).isEqualTo(before);
    window(limiter, 10 * MS, 2, true);
    window(limiter, 10 * MS, 2, false);
    assertThat(limiter.limit()).isLessThan(before);
  }

  @Test
  void aProbeLowersTheLimitForOneWindowAndRemeasuresTheNoLoadRtt() {
    AdaptiveConcurrency c =
        AdaptiveConcurrency.vegas()
            .initialLimit(40)
            .window(Duration.ofNanos(WINDOW))
            .probeInterval(Duration.ofSeconds(2))
            .build();
    AdaptiveLimiter limiter = new AdaptiveLimiter(c, now);
    int probes = 0;
    int previous = limiter.limit();
    for (int w = 0; w < 100; w++) {
      saturatedWindow(limiter, 1_000, 10 * MS);
      int l = limiter.limit();
      if (l * 2 < previous) {
        probes++;
      }
      previous = l;
    }
    // 10 s of windows, a probe every 1..2 s.
    assertThat(probes).isBetween(4, 11);
  }
}
