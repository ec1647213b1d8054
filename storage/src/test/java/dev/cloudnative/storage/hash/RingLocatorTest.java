package dev.cloudnative.storage.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.MovedRange;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Rebalance;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RingLocatorTest extends NodeLocatorContractTest {
  @Override
  NodeLocator create(Map<String, Integer> nodes) {
    return RingLocator.of(nodes);
  }

  @Override
  boolean minimalDisruptionOnAnyRemoval() {
    return true;
  }

  @Override
  double maxPeakToMean() {
    return 1.5;
  }

  @Test
  void weightsScaleShares() {
    Map<String, Integer> m = new java.util.LinkedHashMap<>(nodes(10));
    m.put("heavy", 4);
    RingLocator l = RingLocator.of(m);
    double[] s = l.shares();
    double mean = (1.0 - s[10]) / 10;
    assertThat(s[10] / mean).isBetween(3.0, 5.3);
  }

  @Test
  void rebalanceReportsExactMovedRangesToTheNewNode() {
    NodeLocator before = create(nodes(10));
    NodeLocator after = before.withNode("n-new", 1);
    Rebalance r = Rebalance.between(before, after);
    assertThat(r.exact()).isTrue();
    assertThat(r.ranges()).isNotEmpty().allSatisfy(x -> assertThat(x.to()).isEqualTo("n-new"));
    double share = after.shares()[after.indexOf("n-new")];
    assertThat(r.movedFraction() / share).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    // Keys whose ring position lies in a reported range are exactly the keys that moved.
    for (int i = 0; i < 5000; i++) {
      long h = before.hash(key(i)) & ~((1L << RingLocator.OWNER_BITS) - 1);
      boolean inRange = false;
      for (MovedRange mr : r.ranges()) {
        inRange |=
            Long.compareUnsigned(mr.start(), mr.end()) < 0
                ? Long.compareUnsigned(h, mr.start()) > 0 && Long.compareUnsigned(h, mr.end()) <= 0
                : Long.compareUnsigned(h, mr.start()) > 0 || Long.compareUnsigned(h, mr.end()) <= 0;
      }
      boolean moved = !before.primaryNode(key(i)).equals(after.primaryNode(key(i)));
      assertThat(inRange).as("key %d", i).isEqualTo(moved);
    }
  }
}
