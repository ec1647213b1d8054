package dev.cloudnative.mesh.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.MeshRequest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeastRequestBalancerTest extends BalancerContractTest {

  @Override
  Balancer create(int[] weights, AtomicInteger[] inFlight) {
    return new LeastRequestBalancer(weights, inFlight);
  }

  @Test
  void avoidsTheBusyEndpoint() {
    AtomicInteger[] inFlight = counters(4);
    inFlight[2].set(50);
    LeastRequestBalancer b = new LeastRequestBalancer(new int[] {1, 1, 1, 1}, inFlight);
    int[] counts = new int[4];
    for (int i = 0; i < 10_000; i++) {
      counts[b.pick(MeshRequest.empty())]++;
    }
    assertThat(counts[2])
        .as("the busy endpoint only wins when drawn twice, never with distinct candidates")
        .isZero();
  }

  @Test
  void comparesLoadPerUnitOfWeight() {
    AtomicInteger[] inFlight = counters(2);
    inFlight[0].set(10);
    inFlight[1].set(4);
    // 10 / 5 = 2 per weight < 4 / 1: the heavier endpoint is the less loaded one.
    LeastRequestBalancer b = new LeastRequestBalancer(new int[] {5, 1}, inFlight);
    for (int i = 0; i < 1_000; i++) {
      assertThat(b.pick(MeshRequest.empty())).isZero();
    }
  }

  @Test
  void balancesLiveLoad() {
    int n = 10;
    AtomicInteger[] inFlight = counters(n);
    LeastRequestBalancer b =
        new LeastRequestBalancer(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, inFlight);
    // Requests that never finish: P2C keeps the spread within a couple of requests.
    for (int i = 0; i < 1_000; i++) {
      inFlight[b.pick(MeshRequest.empty())].incrementAndGet();
    }
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (AtomicInteger c : inFlight) {
      min = Math.min(min, c.get());
      max = Math.max(max, c.get());
    }
    assertThat(max - min).isLessThanOrEqualTo(4);
  }
}
