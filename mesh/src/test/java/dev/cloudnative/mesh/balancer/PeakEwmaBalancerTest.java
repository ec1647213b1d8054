package dev.cloudnative.mesh.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.ManualClock;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.PeakEwmaConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeakEwmaBalancerTest extends BalancerContractTest {

  private static final long MS = 1_000_000L;

  private final ManualClock clock = new ManualClock();

  @Override
  Balancer create(int[] weights, AtomicInteger[] inFlight) {
    // Equal estimates: ties keep the first, weight-drawn candidate, so shares follow weights.
    return new PeakEwmaBalancer(weights, inFlight, estimates(weights.length), clock);
  }

  private PeakEwma[] estimates(int n) {
    PeakEwma[] e = new PeakEwma[n];
    for (int i = 0; i < n; i++) {
      e[i] = new PeakEwma(PeakEwmaConfig.ofDefaults(), clock.nanoTime());
    }
    return e;
  }

  @Test
  void avoidsTheSlowEndpoint() {
    PeakEwma[] rtt = estimates(4);
    long now = clock.nanoTime();
    for (int i = 0; i < 4; i++) {
      rtt[i].observe(i == 2 ? 20 * MS : 2 * MS, now);
    }
    PeakEwmaBalancer b = new PeakEwmaBalancer(new int[] {1, 1, 1, 1}, counters(4), rtt, clock);
    int[] counts = new int[4];
    for (int i = 0; i < 10_000; i++) {
      counts[b.pick(MeshRequest.empty())]++;
    }
    assertThat(counts[2]).as("the slow endpoint loses every pair").isZero();
  }

  @Test
  void weighsLatencyByOutstandingRequests() {
    PeakEwma[] rtt = estimates(2);
    long now = clock.nanoTime();
    rtt[0].observe(2 * MS, now);
    rtt[1].observe(5 * MS, now);
    AtomicInteger[] inFlight = counters(2);
    PeakEwmaBalancer b = new PeakEwmaBalancer(new int[] {1, 1}, inFlight, rtt, clock);
    assertThat(b.pick(MeshRequest.empty(), now)).isZero();
    // 2 ms × 3 = 6 > 5 ms × 1: the fast endpoint's queue makes the slower one cheaper.
    inFlight[0].set(2);
    assertThat(b.pick(MeshRequest.empty(), now)).isEqualTo(1);
  }

  @Test
  void aPeakIsForgottenWithTime() {
    PeakEwma[] rtt = estimates(2);
    long now = clock.nanoTime();
    rtt[0].observe(2 * MS, now);
    rtt[1].observe(200 * MS, now);
    PeakEwmaBalancer b = new PeakEwmaBalancer(new int[] {1, 1}, counters(2), rtt, clock);
    assertThat(b.pick(MeshRequest.empty())).isZero();
    // Four decay times later the quiet endpoint's 200 ms looks like 3.7 ms, while the other
    // keeps answering in 2 ms; a minute later it is the cheaper one and gets tried again.
    clock.advance(Duration.ofSeconds(60));
    rtt[0].observe(2 * MS, clock.nanoTime());
    assertThat(b.pick(MeshRequest.empty())).isEqualTo(1);
  }
}
