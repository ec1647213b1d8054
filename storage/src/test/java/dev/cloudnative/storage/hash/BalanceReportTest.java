package dev.cloudnative.storage.hash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Placement;
import dev.cloudnative.storage.Rebalance;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Prints, per algorithm and node count, the balance (peak / mean primary share: exact arcs for the
 * rings, exact table slots for Maglev, 2^20 sampled hashes for jump and AnchorHash) and the keys
 * moved when one node is added or a middle node removed, divided by the changed node's share (1.00
 * = minimal disruption). Asserts the minimal-disruption ratios of the ring, Ketama and AnchorHash.
 */
class BalanceReportTest {

  static Map<String, Integer> nodes(int n) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("10.1." + (i >> 8) + "." + (i & 255) + ":11211", 1);
    }
    return m;
  }

  @Test
  void printBalanceAndMovement() {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            "%-8s %6s %10s %14s %17s%n",
            "algo", "n", "peak/mean", "add: moved/sh", "remove: moved/sh"));
    for (Placement p : Placement.values()) {
      for (int n : new int[] {10, 100, 1000}) {
        NodeLocator l = p.create(nodes(n));
        double[] s = l.shares();
        double peak = Arrays.stream(s).max().orElseThrow() * n;

        NodeLocator added = l.withNode("added:11211", 1);
        double addShare = added.shares()[added.indexOf("added:11211")];
        double addRatio = Rebalance.between(l, added).movedFraction() / addShare;

        String victim = l.nodes().get(n / 2);
        double removedShare = s[n / 2];
        NodeLocator removed = l.withoutNode(victim);
        double removeRatio = Rebalance.between(l, removed).movedFraction() / removedShare;

        table.append(
            String.format("%-8s %6d %10.3f %14.3f %17.3f%n", p, n, peak, addRatio, removeRatio));
        if (p == Placement.RING || p == Placement.KETAMA) {
          assertThat(addRatio).isCloseTo(1.0, Offset.offset(1e-9));
          assertThat(removeRatio).isCloseTo(1.0, Offset.offset(1e-9));
        }
        if (p == Placement.ANCHOR) {
          assertThat(removeRatio).isCloseTo(1.0, Offset.offset(0.01));
          assertThat(addRatio).isCloseTo(1.0, Offset.offset(0.01));
        }
        if (p == Placement.MAGLEV || p == Placement.JUMP || p == Placement.ANCHOR) {
          assertThat(peak).isLessThan(1.2);
        }
      }
    }
    System.out.print(table);
  }
}
