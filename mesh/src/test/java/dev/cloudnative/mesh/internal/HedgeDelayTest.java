package dev.cloudnative.mesh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.HedgePolicy;
import dev.cloudnative.mesh.LatencySnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The hedge delay: fixed, or a percentile of the subset's latencies over a rolling window. */
class HedgeDelayTest {

  private static final long MS = 1_000_000L;

  @Test
  void aFixedDelayIsThePolicysDelay() {
    HedgeDelay d = new HedgeDelay(HedgePolicy.custom().delay(Duration.ofMillis(7)).build(), 0);
    d.record(500 * MS, 1);
    assertThat(d.delayNanos(10_000 * MS)).isEqualTo(7 * MS);
  }

  @Test
  void thePercentileOfRecentLatenciesServesOnceEnoughAreKnown() {
    HedgePolicy policy =
        HedgePolicy.custom()
            .delay(Duration.ofMillis(50))
            .percentileDelay(90)
            .window(Duration.ofSeconds(10))
            .build();
    long now = 0;
    HedgeDelay d = new HedgeDelay(policy, now);
    for (int i = 0; i < HedgePolicy.MIN_SAMPLES - 1; i++) {
      d.record(2 * MS, now);
    }
    now += Duration.ofSeconds(1).toNanos();
    assertThat(d.delayNanos(now)).as("too few latencies: the fixed delay").isEqualTo(50 * MS);
    // 100 latencies: 1..100 ms; the 90th percentile is 90 ms (a bucket's upper bound above it).
    HedgeDelay e = new HedgeDelay(policy, 0);
    for (int i = 1; i <= 100; i++) {
      e.record(i * MS, 0);
    }
    long p90 = e.delayNanos(Duration.ofSeconds(1).toNanos());
    assertThat(p90)
        .isBetween(90 * MS, LatencySnapshot.bucketUpperBound(LatencySnapshot.bucketOf(90 * MS)));
  }

  @Test
  void latenciesOlderThanTheWindowAreForgotten() {
    HedgePolicy policy =
        HedgePolicy.custom()
            .delay(Duration.ofMillis(50))
            .percentileDelay(50)
            .window(Duration.ofSeconds(2))
            .build();
    HedgeDelay d = new HedgeDelay(policy, 0);
    for (int i = 0; i < 100; i++) {
      d.record(200 * MS, 0);
    }
    long t = Duration.ofMillis(500).toNanos();
    assertThat(d.delayNanos(t)).isGreaterThanOrEqualTo(200 * MS);
    // The backend got fast: after a window of fast latencies, the old ones are gone.
    for (int s = 1; s <= 4; s++) {
      t = Duration.ofSeconds(s).toNanos();
      for (int i = 0; i < 100; i++) {
        d.record(3 * MS, t);
      }
    }
    long later = t + Duration.ofMillis(100).toNanos();
    assertThat(d.delayNanos(later)).isLessThan(4 * MS);
    // Silence for longer than the window: back to the fixed delay.
    d.record(3 * MS, later + Duration.ofSeconds(5).toNanos());
    assertThat(d.delayNanos(later + Duration.ofSeconds(6).toNanos())).isEqualTo(50 * MS);
  }
}
