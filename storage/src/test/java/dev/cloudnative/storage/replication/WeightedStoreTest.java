package dev.cloudnative.storage.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Placement;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.hash.KetamaLocator;
import dev.cloudnative.storage.node.InMemoryNode;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.util.DefaultKetamaNodeLocatorConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node weights given to the store, at creation and on {@code addNode}, reach the locator: honoured
 * by RING, KETAMA and MAGLEV, refused by JUMP and ANCHOR, never dropped. The Ketama anchor is
 * spymemcached 2.12.3's {@code KetamaNodeLocator} built with the same weight map.
 */
class WeightedStoreTest {
  private static final int KEYS = 5_000;

  static {
    // As in KetamaCompatibilityTest: spymemcached asserts 160 points per node, false when weighted.
    WeightedStoreTest.class
        .getClassLoader()
        .setClassAssertionStatus("net.spy.memcached.KetamaNodeLocator", false);
  }

  /** A fleet of n spymemcached nodes and the in-memory nodes named as spymemcached names them. */
  private static final class Fleet {
    final List<MemcachedNode> spyNodes = new ArrayList<>();
    final Map<InetSocketAddress, Integer> spyWeights = new HashMap<>();
    final List<InMemoryNode> nodes = new ArrayList<>();
    final Map<String, Integer> weights = new LinkedHashMap<>();
    final Map<MemcachedNode, String> names = new HashMap<>();

    void add(int i, int weight) throws UnknownHostException {
      byte[] ip = {10, 0, (byte) (i >> 8), (byte) i};
      InetSocketAddress a =
          new InetSocketAddress(InetAddress.getByAddress("cache-" + i + ".example", ip), 11211);
      MemcachedNode m = spyNode(a);
      spyNodes.add(m);
      spyWeights.put(a, weight);
      String name = KetamaLocator.spymemcachedName(a);
      nodes.add(new InMemoryNode(name));
      weights.put(name, weight);
      names.put(m, name);
    }

    KetamaNodeLocator weightedSpy() {
      return new KetamaNodeLocator(
          spyNodes,
          DefaultHashAlgorithm.KETAMA_HASH,
          spyWeights,
          new DefaultKetamaNodeLocatorConfiguration());
    }
  }

  private static MemcachedNode spyNode(InetSocketAddress address) {
    return (MemcachedNode)
        Proxy.newProxyInstance(
            MemcachedNode.class.getClassLoader(),
            new Class<?>[] {MemcachedNode.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getSocketAddress" -> address;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  case "toString" -> "node(" + address + ")";
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static StoreConfig config(Placement placement, int n) {
    return StoreConfig.custom().replicationFactor(n).writeQuorum(n).placement(placement).build();
  }

  private static String key(SplittableRandom rnd) {
    int len = 1 + rnd.nextInt(30);
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      sb.append((char) ('!' + rnd.nextInt(94)));
    }
    return sb.toString();
  }

  /**
   * Writes KEYS keys through a store with N=1 and checks each landed on exactly the node
   * spymemcached picks: placement is compared on the data, not only on the locator.
   */
  private static void assertPlacedAsSpymemcached(
      ReplicatedStore store, Fleet fleet, KetamaNodeLocator spy, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Map<String, InMemoryNode> byId = new HashMap<>();
    for (InMemoryNode n : fleet.nodes) {
      byId.put(n.id(), n);
    }
    int mismatches = 0;
    for (int i = 0; i < KEYS; i++) {
      String k = key(rnd);
      String expected = fleet.names.get(spy.getPrimary(k));
      if (!store.replicasOf(k.getBytes(StandardCharsets.UTF_8)).equals(List.of(expected))) {
        mismatches++;
      }
      store.putString(k, "v" + i);
      if (byId.get(expected).get(k.getBytes(StandardCharsets.UTF_8)).isEmpty()) {
        mismatches++;
      }
    }
    assertThat(mismatches).as("keys placed apart from spymemcached out of %d", KEYS).isZero();
  }

  @ParameterizedTest(name = "weights {0}")
  @ValueSource(strings = {"3,1,4,1,5", "1,1,1,1,1", "2,2,2"})
  void weightedKetamaStorePlacesKeysAsSpymemcached(String spec) throws Exception {
    Fleet fleet = new Fleet();
    String[] ws = spec.split(",");
    for (int i = 0; i < ws.length; i++) {
      fleet.add(i, Integer.parseInt(ws[i]));
    }
    KetamaNodeLocator spy = fleet.weightedSpy();
    try (ReplicatedStore store =
        KeyValueStore.replicated(config(Placement.KETAMA, 1), fleet.nodes, fleet.weights)) {
      assertThat(store.weights()).isEqualTo(fleet.weights);
      assertThat(((KetamaLocator) store.locator()).weighted()).isTrue();
      assertPlacedAsSpymemcached(store, fleet, spy, spec.hashCode());
    }
  }

  @Test
  void ketamaAddNodeWithWeightSwitchesToSpymemcachedWeightedLayout() throws Exception {
    Fleet fleet = new Fleet();
    for (int i = 0; i < 4; i++) {
      fleet.add(i, 1);
    }
    List<InMemoryNode> initial = List.copyOf(fleet.nodes);
    fleet.add(4, 3);
    try (ReplicatedStore store = ReplicatedStore.create(config(Placement.KETAMA, 1), initial)) {
      assertThat(((KetamaLocator) store.locator()).weighted()).isFalse();
      store.addNode(fleet.nodes.get(4), 3);
      assertThat(store.weights()).isEqualTo(fleet.weights);
      assertThat(((KetamaLocator) store.locator()).weighted()).isTrue();
      // The anchor: a spymemcached fleet that weighs one node passes a weight map for all of them.
      assertPlacedAsSpymemcached(store, fleet, fleet.weightedSpy(), 7);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Placement.class,
      names = {"RING", "KETAMA", "MAGLEV"})
  void addNodeWithWeightIsHonoured(Placement placement) {
    List<InMemoryNode> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(new InMemoryNode("n" + i + ":11211"));
    }
    try (ReplicatedStore store = ReplicatedStore.create(config(placement, 2), nodes)) {
      for (int i = 0; i < 2_000; i++) {
        store.putString("k" + i, "v" + i);
      }
      InMemoryNode heavy = new InMemoryNode("heavy:11211");
      store.addNode(heavy, 4);
      NodeLocator l = store.locator();
      int h = l.indexOf("heavy:11211");
      assertThat(l.weight(h)).isEqualTo(4);
      assertThat(store.weights())
          .containsEntry("heavy:11211", 4)
          .containsEntry("n0:11211", 1)
          .hasSize(5);
      // Weight 4 among four of weight 1 is half of the space; unweighted it would be a fifth.
      // Generous bounds: the point is that the weight took effect, not the exact balance.
      double[] shares = l.shares();
      assertThat(shares[h]).isBetween(0.35, 0.65);
      for (int i = 0; i < 2_000; i++) {
        assertThat(store.getString("k" + i)).contains("v" + i);
      }
      assertThat(heavy.size()).isPositive();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Placement.class,
      names = {"JUMP", "ANCHOR"})
  void addNodeWithWeightIsRefusedWithoutChange(Placement placement) {
    List<InMemoryNode> nodes = List.of(new InMemoryNode("a"), new InMemoryNode("b"));
    try (ReplicatedStore store = ReplicatedStore.create(config(placement, 2), nodes)) {
      store.putString("k", "v");
      InMemoryNode c = new InMemoryNode("c");
      assertThatThrownBy(() -> store.addNode(c, 2))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(placement.name())
          .hasMessageContaining("weight 2")
          .hasMessageContaining("allowed only 1");
      assertThat(store.nodeIds()).containsExactly("a", "b");
      assertThat(store.weights()).isEqualTo(Map.of("a", 1, "b", 1));
      assertThat(c.size()).isZero();
      // Weight 1 is what these placements support, and the refused node can still join with it.
      store.addNode(c, 1);
      assertThat(store.weights()).containsEntry("c", 1).hasSize(3);
      assertThat(store.getString("k")).contains("v");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Placement.class,
      names = {"JUMP", "ANCHOR"})
  void weightsAtCreationAreRefusedByUnweightedPlacements(Placement placement) {
    List<InMemoryNode> nodes = List.of(new InMemoryNode("a"), new InMemoryNode("b"));
    assertThatThrownBy(
            () -> ReplicatedStore.create(config(placement, 1), nodes, Map.of("b", 3)).close())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(placement.name() + " does not support weights")
        .hasMessageContaining("node 'b' has weight 3")
        .hasMessageContaining("allowed only 1");
    // An explicit weight of 1 is what they allow.
    try (ReplicatedStore store =
        ReplicatedStore.create(config(placement, 1), nodes, Map.of("b", 1))) {
      assertThat(store.weights()).isEqualTo(Map.of("a", 1, "b", 1));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Placement.class,
      names = {"RING", "KETAMA", "MAGLEV"})
  void weightsAtCreationAreHonoured(Placement placement) {
    List<InMemoryNode> nodes =
        List.of(new InMemoryNode("a:1"), new InMemoryNode("b:1"), new InMemoryNode("c:1"));
    try (ReplicatedStore store =
        ReplicatedStore.create(config(placement, 1), nodes, Map.of("c:1", 6))) {
      assertThat(store.weights())
          .containsExactly(Map.entry("a:1", 1), Map.entry("b:1", 1), Map.entry("c:1", 6));
      NodeLocator l = store.locator();
      // c holds 6 of 8 weight units: three quarters of the space, generously bounded.
      assertThat(l.shares()[l.indexOf("c:1")]).isBetween(0.6, 0.9);
    }
  }

  @Test
  void badWeightsAreRefusedSayingWhatIsAllowed() {
    List<InMemoryNode> nodes = List.of(new InMemoryNode("a"), new InMemoryNode("b"));
    assertThatThrownBy(
            () -> ReplicatedStore.create(config(Placement.RING, 1), nodes, Map.of("z", 2)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'z'")
        .hasMessageContaining("[a, b]");
    assertThatThrownBy(
            () -> ReplicatedStore.create(config(Placement.RING, 1), nodes, Map.of("a", 0)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("must be in 1..1000, found 0");
    assertThatThrownBy(() -> ReplicatedStore.create(config(Placement.RING, 1), nodes, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("weights");
    try (ReplicatedStore store = ReplicatedStore.create(config(Placement.MAGLEV, 1), nodes)) {
      assertThatThrownBy(() -> store.addNode(new InMemoryNode("c"), 1001))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("must be in 1..1000, found 1001");
      assertThat(store.nodeIds()).containsExactly("a", "b");
    }
  }
}
