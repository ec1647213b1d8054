package dev.cloudnative.mesh.balancer;

import java.util.Objects;

/**
 * 64-bit string hashing for consistent hashing, computed over the chars without allocating (no
 * byte[] encoding). FNV-1a accumulation finished with the MurmurHash3 fmix64 avalanche, so that
 * similar keys ("user-1", "user-2") land far apart. Stateless; thread-safe.
 */
public final class Hashing {

  private Hashing() {}

  public static long hash(CharSequence key, long seed) {
    Objects.requireNonNull(key, "key");
    long h = 0xcbf29ce484222325L ^ seed;
    for (int i = 0, n = key.length(); i < n; i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** MurmurHash3's fmix64 finaliser. */
  public static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
