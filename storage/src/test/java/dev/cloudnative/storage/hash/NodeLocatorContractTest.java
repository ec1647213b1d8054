package dev.cloudnative.storage.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Rebalance;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract every {@link NodeLocator} must meet. */
abstract class NodeLocatorContractTest {
  static final int KEYS = 50_000;

  abstract NodeLocator create(Map<String, Integer> nodes);

  /** Whether removing any node moves only that node's keys. */
  abstract boolean minimalDisruptionOnAnyRemoval();

  /**
   * Upper bound of peak/mean share asserted at 50 nodes (generous; exact figures are printed in
   * BalanceReport).
   */
  abstract double maxPeakToMean();

  static Map<String, Integer> nodes(int n) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put("10.0." + (i / 250) + "." + (i % 250) + ":6379", 1);
    }
    return m;
  }

  static String key(int i) {
    return "user:" + i + ":profile";
  }

  @Test
  void everyKeyMapsToAValidNodeDeterministically() {
    NodeLocator l = create(nodes(10));
    NodeLocator again = create(nodes(10));
    for (int i = 0; i < 1000; i++) {
      int p = l.primary(l.hash(key(i)));
      assertThat(p).isBetween(0, 9);
      assertThat(again.primary(again.hash(key(i)))).isEqualTo(p);
      assertThat(l.primaryNode(key(i))).isEqualTo(l.nodes().get(p));
    }
  }

  @Test
  void stringAndByteKeysHashAlike() {
    NodeLocator l = create(nodes(5));
    assertThat(l.hash("héllo-wörld"))
        .isEqualTo(l.hash("héllo-wörld".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void preferenceListIsDistinctAndStartsWithThePrimary() {
    NodeLocator l = create(nodes(10));
    int[] out = new int[3];
    for (int i = 0; i < 2000; i++) {
      long h = l.hash(key(i));
      assertThat(l.preferenceList(h, 3, out)).isEqualTo(3);
      assertThat(out[0]).isEqualTo(l.primary(h));
      assertThat(new HashSet<>(Arrays.asList(out[0], out[1], out[2]))).hasSize(3);
    }
    int[] big = new int[20];
    assertThat(l.preferenceList(l.hash("k"), 20, big)).isEqualTo(10);
    assertThat(Arrays.stream(big, 0, 10).distinct().count()).isEqualTo(10);
  }

  @Test
  void singleNodeOwnsEverything() {
    NodeLocator l = create(nodes(1));
    int[] out = new int[3];
    assertThat(l.preferenceList(l.hash("x"), 3, out)).isEqualTo(1);
    assertThat(l.shares()[0]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void sharesSumToOneAndAreBalanced() {
    NodeLocator l = create(nodes(50));
    double[] s = l.shares();
    assertThat(Arrays.stream(s).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    double peak = Arrays.stream(s).max().orElseThrow();
    assertThat(peak * 50).isLessThan(maxPeakToMean());
  }

  @Test
  void addingANodeOnlyMovesKeysToIt() {
    NodeLocator before = create(nodes(20));
    NodeLocator after = before.withNode("new-node:6379", 1);
    int moved = 0;
    for (int i = 0; i < KEYS; i++) {
      String a = before.primaryNode(key(i));
      String b = after.primaryNode(key(i));
      if (!a.equals(b)) {
        moved++;
        assertThat(b).isEqualTo("new-node:6379");
      }
    }
    double share = after.shares()[after.indexOf("new-node:6379")];
    assertThat((double) moved / KEYS).isCloseTo(share, org.assertj.core.data.Offset.offset(0.01));
    Rebalance r = Rebalance.between(before, after);
    assertThat(r.movedFraction()).isCloseTo(share, org.assertj.core.data.Offset.offset(0.005));
  }

  @Test
  void removingANodeMovesOnlyItsKeysWhenSupported() {
    NodeLocator before = create(nodes(20));
    String victim = before.nodes().get(7);
    NodeLocator after = before.withoutNode(victim);
    assertThat(after.nodes()).doesNotContain(victim).hasSize(19);
    int moved = 0;
    int wrong = 0;
    for (int i = 0; i < KEYS; i++) {
      String a = before.primaryNode(key(i));
      String b = after.primaryNode(key(i));
      if (!a.equals(b)) {
        moved++;
        if (!a.equals(victim)) {
          wrong++;
        }
      }
    }
    if (minimalDisruptionOnAnyRemoval()) {
      assertThat(wrong).isZero();
    }
    assertThat(moved).isPositive();
  }

  @Test
  void removingThenReAddingRestoresPlacementForRings() {
    NodeLocator before = create(nodes(8));
    String victim = before.nodes().get(3);
    NodeLocator after = before.withoutNode(victim).withNode(victim, 1);
    if (minimalDisruptionOnAnyRemoval()) {
      for (int i = 0; i < 5000; i++) {
        assertThat(after.primaryNode(key(i))).isEqualTo(before.primaryNode(key(i)));
      }
    }
  }

  @Test
  void rejectsBadMembership() {
    NodeLocator l = create(nodes(3));
    assertThatThrownBy(() -> l.withoutNode("ghost"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ghost");
    assertThatThrownBy(() -> l.withNode(l.nodes().get(0), 1))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("already");
    assertThatThrownBy(() -> create(Map.of())).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void lookupsDoNotAllocate() {
    NodeLocator l = create(nodes(100));
    int[] out = new int[3];
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int warm = 0; warm < 20_000; warm++) {
      sink += l.primary(l.hash("key-" + (warm & 1023)));
      sink += l.preferenceList(warm * 0x9E3779B97F4A7C15L, 3, out);
    }
    String[] keys = new String[1024];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = "key-" + i;
    }
    long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int i = 0; i < 100_000; i++) {
      sink += l.primary(l.hash(keys[i & 1023]));
      sink += l.preferenceList(i * 0x9E3779B97F4A7C15L, 3, out);
    }
    long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    assertThat(sink).isNotZero();
    // Generous: a few hundred bytes of incidental allocation at most over 200k lookups.
    assertThat(allocated).isLessThan(100_000);
  }

  static Set<String> set(String... s) {
    return new HashSet<>(Arrays.asList(s));
  }
}
