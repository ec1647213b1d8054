package dev.cloudnative.storage.bench;

import com.dynatrace.hash4j.consistent.ConsistentBucketHasher;
import com.dynatrace.hash4j.consistent.ConsistentHashing;
import com.dynatrace.hash4j.random.PseudoRandomGeneratorProvider;
import com.google.common.hash.Hashing;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Placement;
import dev.cloudnative.storage.hash.KetamaLocator;
import dev.cloudnative.storage.hash.Murmur3;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import redis.clients.jedis.JedisShardInfo;
import redis.clients.jedis.util.Sharded;

/**
 * One consistent-hashing implementation behind the benchmarks' common interface (Caffeine's
 * layout).
 */
public interface Competitor {
  /** String key to node (whatever the implementation returns, consumed by the blackhole). */
  Object locate(String key);

  /** Pre-hashed key to node index; -1 when the implementation has no such API. */
  int locateHash(long hash);

  /** The key hash this implementation would compute. */
  long hash(String key);

  /** Pre-boxed indices, so returning an index through {@code Object} does not allocate. */
  static Integer[] boxes(int n) {
    Integer[] b = new Integer[n];
    for (int i = 0; i < n; i++) {
      b[i] = i; // autoboxing once, at setup
    }
    return b;
  }

  enum Kind {
    RING,
    KETAMA,
    MAGLEV,
    ANCHOR,
    JUMP,
    GUAVA,
    HASH4J_JUMPBACK,
    SPYMEMCACHED,
    JEDIS;

    Competitor create(int n) {
      return switch (this) {
        case RING -> ours(Placement.RING, n);
        case KETAMA -> ours(Placement.KETAMA, n);
        case MAGLEV -> ours(Placement.MAGLEV, n);
        case ANCHOR -> ours(Placement.ANCHOR, n);
        case JUMP -> ours(Placement.JUMP, n);
        case GUAVA ->
            new Competitor() {
              final Integer[] boxes = boxes(n);

              @Override
              public Object locate(String key) {
                return boxes[Hashing.consistentHash(Murmur3.hash64(key, 0), n)];
              }

              @Override
              public int locateHash(long hash) {
                return Hashing.consistentHash(hash, n);
              }

              @Override
              public long hash(String key) {
                return Murmur3.hash64(key, 0);
              }
            };
        case HASH4J_JUMPBACK ->
            new Competitor() {
              final ConsistentBucketHasher h =
                  ConsistentHashing.jumpBackHash(PseudoRandomGeneratorProvider.splitMix64_V1());

              final Integer[] boxes = boxes(n);

              @Override
              public Object locate(String key) {
                return boxes[h.getBucket(Murmur3.hash64(key, 0), n)];
              }

              @Override
              public int locateHash(long hash) {
                return h.getBucket(hash, n);
              }

              @Override
              public long hash(String key) {
                return Murmur3.hash64(key, 0);
              }
            };
        case SPYMEMCACHED -> spymemcached(n);
        case JEDIS -> jedis(n);
      };
    }
  }

  static Map<String, Integer> names(int n) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(KetamaLocator.spymemcachedName(address(i)), 1);
    }
    return m;
  }

  static InetSocketAddress address(int i) {
    try {
      return new InetSocketAddress(
          InetAddress.getByAddress("cache-" + i, new byte[] {10, 0, (byte) (i >> 8), (byte) i}),
          11211);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static Competitor ours(Placement p, int n) {
    NodeLocator l = p.create(names(n));
    Integer[] boxes = boxes(n);
    return new Competitor() {
      @Override
      public Object locate(String key) {
        return boxes[l.primary(l.hash(key))];
      }

      @Override
      public int locateHash(long hash) {
        return l.primary(hash);
      }

      @Override
      public long hash(String key) {
        return l.hash(key);
      }
    };
  }

  static Competitor spymemcached(int n) {
    List<MemcachedNode> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      InetSocketAddress a = address(i);
      nodes.add(
          (MemcachedNode)
              Proxy.newProxyInstance(
                  MemcachedNode.class.getClassLoader(),
                  new Class<?>[] {MemcachedNode.class},
                  (proxy, method, args) ->
                      switch (method.getName()) {
                        case "getSocketAddress" -> a;
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> a.toString();
                        default -> throw new UnsupportedOperationException(method.getName());
                      }));
    }
    KetamaNodeLocator spy = new KetamaNodeLocator(nodes, DefaultHashAlgorithm.KETAMA_HASH);
    return new Competitor() {
      @Override
      public Object locate(String key) {
        return spy.getPrimary(key);
      }

      @Override
      public int locateHash(long hash) {
        return -1;
      }

      @Override
      public long hash(String key) {
        return DefaultHashAlgorithm.KETAMA_HASH.hash(key);
      }
    };
  }

  @SuppressWarnings("deprecation") // Jedis 3 Sharded is the deprecated anchor we compare against
  static Competitor jedis(int n) {
    List<JedisShardInfo> shards = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      shards.add(new JedisShardInfo("10.0." + (i >> 8) + "." + (i & 255), 6379));
    }
    Sharded<redis.clients.jedis.Jedis, JedisShardInfo> sharded = new Sharded<>(shards);
    return new Competitor() {
      @Override
      public Object locate(String key) {
        return sharded.getShardInfo(key);
      }

      @Override
      public int locateHash(long hash) {
        return -1;
      }

      @Override
      public long hash(String key) {
        return 0;
      }
    };
  }
}
