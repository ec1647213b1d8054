package dev.cloudnative.storage.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import dev.cloudnative.storage.NodeLocator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JumpLocatorTest extends NodeLocatorContractTest {
  @Override
  NodeLocator create(Map<String, Integer> nodes) {
    return JumpLocator.of(nodes);
  }

  @Override
  boolean minimalDisruptionOnAnyRemoval() {
    return false; // only removing the last bucket is minimal
  }

  @Override
  double maxPeakToMean() {
    return 1.05;
  }

  @Test
  void agreesWithGuavaConsistentHash() {
    for (int buckets : new int[] {1, 2, 10, 100, 1000}) {
      for (long k = 0; k < 20_000; k++) {
        long input = k * 0x9E3779B97F4A7C15L;
        assertThat(JumpLocator.jump(input, buckets))
            .isEqualTo(Hashing.consistentHash(input, buckets));
      }
    }
  }
}
