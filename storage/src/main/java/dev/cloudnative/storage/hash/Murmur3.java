package dev.cloudnative.storage.hash;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * 64-bit MurmurHash3 (the first half of x64_128, identical to Guava's {@code
 * murmur3_128(seed).asLong()}), computed over a byte range or directly over the chars of an ASCII
 * {@link CharSequence} without encoding it first; non-ASCII sequences fall back to hashing their
 * UTF-8 encoding so both forms always agree. Chosen over xxh3 for its simple, well-specified
 * reference and an independent anchor (Guava) to test against. Stateless and thread-safe.
 */
public final class Murmur3 {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private Murmur3() {}

  /** Hash of all of {@code data}. */
  public static long hash64(byte[] data, long seed) {
    return hash64(data, 0, data.length, seed);
  }

  /** Hash of {@code data[off, off + len)}. */
  public static long hash64(byte[] data, int off, int len, long seed) {
    long h1 = seed;
    long h2 = seed;
    int blocks = len >>> 4;
    int p = off;
    for (int i = 0; i < blocks; i++, p += 16) {
      long k1 = (long) LONG_LE.get(data, p);
      long k2 = (long) LONG_LE.get(data, p + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int rem = len & 15;
    long k1 = 0;
    long k2 = 0;
    for (int i = rem - 1; i >= 8; i--) {
      k2 = (k2 << 8) | (data[p + i] & 0xFFL);
    }
    for (int i = Math.min(rem, 8) - 1; i >= 0; i--) {
      k1 = (k1 << 8) | (data[p + i] & 0xFFL);
    }
    return finish(h1, h2, k1, k2, rem, len);
  }

  /** Hash of the UTF-8 encoding of {@code s}; ASCII is hashed in place without allocation. */
  public static long hash64(CharSequence s, long seed) {
    int len = s.length();
    long h1 = seed;
    long h2 = seed;
    int blocks = len >>> 4;
    int p = 0;
    int seen = 0;
    for (int i = 0; i < blocks; i++, p += 16) {
      long k1 = 0;
      long k2 = 0;
      for (int b = 7; b >= 0; b--) {
        char c1 = s.charAt(p + b);
        char c2 = s.charAt(p + 8 + b);
        seen |= c1 | c2;
        k1 = (k1 << 8) | c1;
        k2 = (k2 << 8) | c2;
      }
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int rem = len & 15;
    long k1 = 0;
    long k2 = 0;
    for (int i = rem - 1; i >= 8; i--) {
      char c = s.charAt(p + i);
      seen |= c;
      k2 = (k2 << 8) | c;
    }
    for (int i = Math.min(rem, 8) - 1; i >= 0; i--) {
      char c = s.charAt(p + i);
      seen |= c;
      k1 = (k1 << 8) | c;
    }
    if ((seen & 0xFF80) != 0) {
      // Not ASCII: the UTF-8 bytes differ from the chars, hash the real encoding.
      return hash64(s.toString().getBytes(StandardCharsets.UTF_8), seed);
    }
    return finish(h1, h2, k1, k2, rem, len);
  }

  private static long finish(long h1, long h2, long k1, long k2, int rem, int len) {
    if (rem > 8) {
      h2 ^= mixK2(k2);
    }
    if (rem > 0) {
      h1 ^= mixK1(k1);
    }
    h1 ^= len;
    h2 ^= len;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    return h1 + h2;
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  /** The murmur3 finaliser: a bijective avalanche of 64 bits. */
  public static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  /**
   * Derives an independent 64-bit value from {@code h} and a small salt (replica number, bucket).
   */
  public static long rehash(long h, long salt) {
    return fmix64(h + (salt + 1) * 0x9E3779B97F4A7C15L);
  }

  /**
   * Maps a 64-bit hash uniformly onto {@code [0, n)} without division (Lemire's multiply-shift).
   */
  public static int reduce(long h, int n) {
    return (int) (((h >>> 32) * n) >>> 32);
  }
}
