package dev.cloudnative.mesh.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.circuitbreaker.Allocations;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link Balancer}: valid indices, weight-proportional shares, no allocation
 * per pick.
 */
abstract class BalancerContractTest {

  abstract Balancer create(int[] weights, AtomicInteger[] inFlight);

  /**
   * @return the request to pick with (consistent hashing needs varying keys to spread)
   */
  MeshRequest request(int i) {
    return MeshRequest.empty();
  }

  static AtomicInteger[] counters(int n) {
    AtomicInteger[] c = new AtomicInteger[n];
    for (int i = 0; i < n; i++) {
      c[i] = new AtomicInteger();
    }
    return c;
  }

  @Test
  void singleEndpointIsAlwaysPicked() {
    Balancer b = create(new int[] {7}, counters(1));
    for (int i = 0; i < 100; i++) {
      assertThat(b.pick(request(i))).isZero();
    }
  }

  @Test
  void picksStayInRangeAtEverySize() {
    for (int n : new int[] {2, 3, 100, 10_000}) {
      int[] weights = new int[n];
      for (int i = 0; i < n; i++) {
        weights[i] = 1 + (i * 7919) % 13;
      }
      Balancer b = create(weights, counters(n));
      assertThat(b.size()).isEqualTo(n);
      for (int i = 0; i < 20_000; i++) {
        assertThat(b.pick(request(i))).isBetween(0, n - 1);
      }
    }
  }

  @Test
  void splitsEightyTwentyWithinOnePercentagePoint() {
    Balancer b = create(new int[] {80, 20}, counters(2));
    int picks = 100_000;
    int first = 0;
    for (int i = 0; i < picks; i++) {
      if (b.pick(request(i)) == 0) {
        first++;
      }
    }
    assertThat(first * 100.0 / picks).isBetween(79.0, 81.0);
  }

  @Test
  void sharesFollowWeightsOverManyEndpoints() {
    int[] weights = {1, 2, 3, 4, 10};
    Balancer b = create(weights, counters(weights.length));
    int[] counts = new int[weights.length];
    int picks = 200_000;
    for (int i = 0; i < picks; i++) {
      counts[b.pick(request(i))]++;
    }
    for (int i = 0; i < weights.length; i++) {
      assertThat(counts[i] * 100.0 / picks)
          .as("share of endpoint %d", i)
          .isCloseTo(weights[i] * 5.0, org.assertj.core.data.Offset.offset(1.0));
    }
  }

  @Test
  void picksDoNotAllocate() {
    int[] weights = new int[100];
    java.util.Arrays.fill(weights, 3);
    weights[7] = 50;
    Balancer b = create(weights, counters(100));
    MeshRequest[] requests = new MeshRequest[64];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = request(i);
    }
    Allocations.assertNoAllocation(
        () -> {
          for (int i = 0; i < 50_000; i++) {
            b.pick(requests[i & 63]);
          }
        });
  }
}
