package dev.cloudnative.storage.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.NodeLocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AnchorLocatorTest extends NodeLocatorContractTest {
  @Override
  NodeLocator create(Map<String, Integer> nodes) {
    return AnchorLocator.of(nodes);
  }

  @Override
  boolean minimalDisruptionOnAnyRemoval() {
    return true;
  }

  @Override
  double maxPeakToMean() {
    return 1.05;
  }

  @Test
  void randomRemovalsAndAdditionsAlwaysMoveOnlyTheChangedNodesKeys() {
    SplittableRandom rnd = new SplittableRandom(3);
    NodeLocator l = create(nodes(30));
    int next = 0;
    for (int step = 0; step < 40; step++) {
      NodeLocator after;
      String changed;
      if (l.size() > 5 && rnd.nextBoolean()) {
        changed = l.nodes().get(rnd.nextInt(l.size()));
        after = l.withoutNode(changed);
      } else {
        changed = "extra-" + next++;
        after = l.withNode(changed, 1);
      }
      for (int i = 0; i < 3000; i++) {
        String a = l.primaryNode(key(i));
        String b = after.primaryNode(key(i));
        if (!a.equals(b)) {
          assertThat(List.of(a, b)).contains(changed);
        }
      }
      l = after;
    }
    List<Integer> counts = new ArrayList<>();
    int[] c = new int[l.size()];
    for (int i = 0; i < 50_000; i++) {
      c[l.primary(l.hash(key(i)))]++;
    }
    for (int x : c) {
      counts.add(x);
    }
    double mean = 50_000.0 / l.size();
    assertThat(counts).allSatisfy(x -> assertThat(x / mean).isBetween(0.8, 1.2));
  }
}
