package dev.cloudnative.mesh.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.MeshRequest;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoundRobinBalancerTest extends BalancerContractTest {

  private final SplittableRandom random = new SplittableRandom(42);

  @Override
  Balancer create(int[] weights, AtomicInteger[] inFlight) {
    return new RoundRobinBalancer(weights, random.nextLong());
  }

  @Test
  void neverBurstsBeyondWeightProportionalShare() {
    int[][] cases = {{5, 3, 2}, {1, 1, 1, 1}, {10, 1, 1}, {3, 7}, {1, 2, 3, 4, 5, 6, 7, 8}};
    for (int[] weights : cases) {
      long total = 0;
      for (int w : weights) {
        total += w;
      }
      RoundRobinBalancer b = new RoundRobinBalancer(weights, random.nextLong());
      int[] sequence = new int[20_000];
      for (int i = 0; i < sequence.length; i++) {
        sequence[i] = b.pick(MeshRequest.empty());
      }
      // In every window of L consecutive picks, an endpoint gets at most its proportional share
      // rounded up,
      // plus a small constant (the Weyl sequence's discrepancy grows only logarithmically).
      for (int window : new int[] {2, 5, 10, 50, 200}) {
        for (int e = 0; e < weights.length; e++) {
          long allowed = (long) Math.ceil((double) window * weights[e] / total) + 2;
          int count = 0;
          int worst = 0;
          for (int i = 0; i < sequence.length; i++) {
            if (sequence[i] == e) {
              count++;
            }
            if (i >= window && sequence[i - window] == e) {
              count--;
            }
            worst = Math.max(worst, count);
          }
          assertThat((long) worst)
              .as(
                  "weights %s, endpoint %d, window %d",
                  java.util.Arrays.toString(weights), e, window)
              .isLessThanOrEqualTo(allowed);
        }
      }
    }
  }

  @Test
  void exactSharesOverOneRoundOfTheWeights() {
    int[] weights = {5, 3, 2};
    RoundRobinBalancer b = new RoundRobinBalancer(weights, 0);
    int[] counts = new int[3];
    for (int i = 0; i < 10_000; i++) {
      counts[b.pick(MeshRequest.empty())]++;
    }
    assertThat(counts[0]).isBetween(4_995, 5_005);
    assertThat(counts[1]).isBetween(2_995, 3_005);
    assertThat(counts[2]).isBetween(1_995, 2_005);
  }

  @Test
  void instancesStartingTogetherSpreadTheirFirstPicks() {
    // Envoy's first-pick problem: with identical initial state every instance hits the same
    // endpoint first.
    int[] weights = new int[10];
    java.util.Arrays.fill(weights, 1);
    int[] firstPicks = new int[10];
    SplittableRandom seeds = new SplittableRandom(7);
    for (int instance = 0; instance < 1_000; instance++) {
      firstPicks[new RoundRobinBalancer(weights, seeds.nextLong()).pick(MeshRequest.empty())]++;
    }
    for (int count : firstPicks) {
      assertThat(count).isBetween(50, 150);
    }
  }

  @Test
  void firstPicksOfSkewedWeightsFollowTheWeights() {
    int[] weights = {100, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    SplittableRandom seeds = new SplittableRandom(11);
    int heavyFirst = 0;
    for (int instance = 0; instance < 2_000; instance++) {
      if (new RoundRobinBalancer(weights, seeds.nextLong()).pick(MeshRequest.empty()) == 0) {
        heavyFirst++;
      }
    }
    // 100 / 119 = 84%: the heavy endpoint gets its share of first picks, not all of them.
    assertThat(heavyFirst * 100.0 / 2_000).isBetween(78.0, 90.0);
  }
}
