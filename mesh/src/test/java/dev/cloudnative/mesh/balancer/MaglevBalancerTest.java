package dev.cloudnative.mesh.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.MeshRequest;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MaglevBalancerTest extends BalancerContractTest {

  private static final MeshRequest[] KEYS = new MeshRequest[200_000];

  static {
    for (int i = 0; i < KEYS.length; i++) {
      KEYS[i] = MeshRequest.builder().hashKey("user-" + i).build();
    }
  }

  @Override
  Balancer create(int[] weights, AtomicInteger[] inFlight) {
    return new MaglevBalancer(ids(weights.length), weights);
  }

  @Override
  MeshRequest request(int i) {
    return KEYS[i % KEYS.length];
  }

  static String[] ids(int n) {
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "10.0." + (i / 250) + "." + (i % 250) + ":8080";
    }
    return ids;
  }

  @Test
  void sameKeySameEndpoint() {
    MaglevBalancer b = new MaglevBalancer(ids(20), ones(20));
    for (int i = 0; i < 1_000; i++) {
      assertThat(b.pick(KEYS[i]))
          .isEqualTo(b.pick(MeshRequest.builder().hashKey("user-" + i).build()));
    }
  }

  @Test
  void tableSizeIsPrimeAndScalesWithEndpoints() {
    assertThat(new MaglevBalancer(ids(3), ones(3)).tableSize()).isEqualTo(65_537);
    int big = new MaglevBalancer(ids(2_000), ones(2_000)).tableSize();
    assertThat(big).isGreaterThanOrEqualTo(200_000);
    assertThat(MaglevBalancer.nextPrime(big)).isEqualTo(big);
  }

  @Test
  void addingOneOfFiftyEndpointsKeepsOtherKeysInPlace() {
    int keys = 100_000;
    MaglevBalancer before = new MaglevBalancer(ids(50), ones(50));
    MaglevBalancer after = new MaglevBalancer(ids(51), ones(51));
    int movedToNew = 0;
    int stayed = 0;
    for (int i = 0; i < keys; i++) {
      int a = before.pick(KEYS[i]);
      int b = after.pick(KEYS[i]);
      if (b == 50) {
        movedToNew++;
      } else if (a == b) {
        stayed++;
      }
    }
    // The new endpoint must take ~1/51 of the keys; every other key should stay where it was.
    assertThat(movedToNew * 100.0 / keys).isBetween(1.5, 2.5);
    assertThat(stayed * 100.0 / (keys - movedToNew))
        .as("keys not taken by the new endpoint that stayed")
        .isGreaterThanOrEqualTo(99.0);
    assertThat(stayed * 100.0 / keys).as("all keys that stayed").isGreaterThanOrEqualTo(97.0);
  }

  @Test
  void requestsWithoutKeySpreadAtRandom() {
    MaglevBalancer b = new MaglevBalancer(ids(4), ones(4));
    int[] counts = new int[4];
    for (int i = 0; i < 40_000; i++) {
      counts[b.pick(MeshRequest.empty())]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_000, 11_000);
    }
  }

  static int[] ones(int n) {
    int[] w = new int[n];
    java.util.Arrays.fill(w, 1);
    return w;
  }
}
