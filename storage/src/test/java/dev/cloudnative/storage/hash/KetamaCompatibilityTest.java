package dev.cloudnative.storage.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Ketama mode must place keys exactly as spymemcached 2.12.3's {@code
 * KetamaNodeLocator.getPrimary}. The default key count keeps the test fast; run with {@code
 * -Dstorage.ketama.keys=1000000} for the full 10^6 check.
 */
class KetamaCompatibilityTest {
  static final int KEYS = Integer.getInteger("storage.ketama.keys", 20_000);

  static {
    // spymemcached asserts "points == 160 × nodes", which fails in weighted mode and whenever two
    // points
    // collide (it happens at n=1000); production runs without -ea, so compare against that
    // behaviour.
    KetamaCompatibilityTest.class
        .getClassLoader()
        .setClassAssertionStatus("net.spy.memcached.KetamaNodeLocator", false);
  }

  static MemcachedNode node(InetSocketAddress address) {
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

  static InetSocketAddress address(int i) throws UnknownHostException {
    byte[] ip = {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i};
    // Mix named and literal addresses and default/non-default ports to cover the naming rules.
    String host = i % 3 == 0 ? null : "cache-" + i + ".example";
    InetAddress a =
        host == null ? InetAddress.getByAddress(ip) : InetAddress.getByAddress(host, ip);
    return new InetSocketAddress(a, i % 2 == 0 ? 11211 : 6379 + i);
  }

  static String randomKey(SplittableRandom rnd) {
    int len = 1 + rnd.nextInt(40);
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      int r = rnd.nextInt(100);
      sb.append(r < 97 ? (char) ('!' + rnd.nextInt(94)) : (char) (0x400 + rnd.nextInt(200)));
    }
    return sb.toString();
  }

  @ParameterizedTest(name = "n={0} weighted={1}")
  @CsvSource({
    "1,false",
    "3,false",
    "10,false",
    "100,false",
    "1000,false",
    "1,true",
    "3,true",
    "10,true",
    "100,true",
    "1000,true"
  })
  void agreesWithSpymemcachedOnRandomKeys(int n, boolean weighted) throws Exception {
    SplittableRandom rnd = new SplittableRandom(n * 31L + (weighted ? 1 : 0));
    List<MemcachedNode> spyNodes = new ArrayList<>();
    Map<InetSocketAddress, Integer> weights = new HashMap<>();
    Map<String, Integer> ours = new LinkedHashMap<>();
    Map<String, MemcachedNode> byName = new HashMap<>();
    for (int i = 0; i < n; i++) {
      InetSocketAddress a = address(i);
      MemcachedNode m = node(a);
      spyNodes.add(m);
      int w = weighted ? 1 + rnd.nextInt(5) : 1;
      weights.put(a, w);
      String name = KetamaLocator.spymemcachedName(a);
      ours.put(name, w);
      byName.put(name, m);
    }
    KetamaNodeLocator spy =
        weighted
            ? new KetamaNodeLocator(
                spyNodes,
                DefaultHashAlgorithm.KETAMA_HASH,
                weights,
                new DefaultKetamaNodeLocatorConfiguration())
            : new KetamaNodeLocator(spyNodes, DefaultHashAlgorithm.KETAMA_HASH);
    KetamaLocator locator = KetamaLocator.of(ours, weighted);
    int mismatches = 0;
    for (int i = 0; i < KEYS; i++) {
      String key = randomKey(rnd);
      MemcachedNode expected = spy.getPrimary(key);
      MemcachedNode actual = byName.get(locator.primaryNode(key));
      if (expected != actual) {
        mismatches++;
      }
    }
    assertThat(mismatches).as("keys placed differently from spymemcached out of %d", KEYS).isZero();

    // Exhaustive over the continuum: every point (including colliding ones, which occur at n=1000)
    // and
    // the hash just past it must resolve to the same node as in spymemcached.
    java.lang.reflect.Method getNodes = KetamaNodeLocator.class.getDeclaredMethod("getKetamaNodes");
    getNodes.setAccessible(true);
    @SuppressWarnings("unchecked")
    java.util.TreeMap<Long, MemcachedNode> continuum =
        (java.util.TreeMap<Long, MemcachedNode>) getNodes.invoke(spy);
    java.lang.reflect.Method forKey =
        KetamaNodeLocator.class.getDeclaredMethod("getNodeForKey", long.class);
    forKey.setAccessible(true);
    int pointMismatches = 0;
    for (Map.Entry<Long, MemcachedNode> e : continuum.entrySet()) {
      long pos = e.getKey();
      if (byName.get(locator.nodes().get(locator.primary(pos))) != e.getValue()) {
        pointMismatches++;
      }
      long after = (pos + 1) & 0xFFFFFFFFL;
      if (byName.get(locator.nodes().get(locator.primary(after))) != forKey.invoke(spy, after)) {
        pointMismatches++;
      }
    }
    assertThat(pointMismatches).as("continuum points resolved differently").isZero();
    assertThat(locator.points().length).isEqualTo(continuum.size());
  }
}
