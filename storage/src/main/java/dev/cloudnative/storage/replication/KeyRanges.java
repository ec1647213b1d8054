package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.hash.Murmur3;

/**
 * Slices of the key hash space that recovery streams one at a time and anti-entropy compares: a
 * key's slice is its murmur3-64 hash (a seed of its own, so it does not depend on the placement)
 * mapped onto {@code [0, n)} by Lemire's multiply-shift. Because that mapping is monotonic in the
 * hash, slice {@code i} of {@code n * k} slices lies inside slice {@code i / k} of {@code n}: the
 * leaves of an anti-entropy tree nest inside the recovery ranges. Stateless and thread-safe.
 */
final class KeyRanges {
  private static final long SEED = 0x5EED_2A9E_0F_13L;

  private KeyRanges() {}

  /** The key's 64-bit slicing hash. */
  static long hash(byte[] key) {
    return Murmur3.hash64(key, SEED);
  }

  /** The slice of {@code hash} among {@code n}. */
  static int slice(long hash, int n) {
    return Murmur3.reduce(hash, n);
  }

  /** The slice of {@code key} among {@code n}. */
  static int of(byte[] key, int n) {
    return slice(hash(key), n);
  }
}
