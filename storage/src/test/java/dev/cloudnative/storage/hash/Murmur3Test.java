package dev.cloudnative.storage.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Murmur3Test {

  @Test
  void matchesGuavaMurmur3_128FirstHalfForAllTailLengths() {
    SplittableRandom rnd = new SplittableRandom(42);
    for (int len = 0; len < 100; len++) {
      byte[] data = new byte[len];
      for (int i = 0; i < len; i++) {
        data[i] = (byte) rnd.nextInt();
      }
      long expected = Hashing.murmur3_128(0).hashBytes(data).asLong();
      assertThat(Murmur3.hash64(data, 0)).as("length %d", len).isEqualTo(expected);
    }
  }

  @Test
  void hashesAByteRangeWithoutCopying() {
    byte[] data = "xxhello worldyy".getBytes(StandardCharsets.US_ASCII);
    assertThat(Murmur3.hash64(data, 2, 11, 0))
        .isEqualTo(Murmur3.hash64("hello world".getBytes(StandardCharsets.US_ASCII), 0));
  }

  @Test
  void charSequenceHashEqualsUtf8BytesHash() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int len = 0; len < 70; len++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < len; i++) {
        sb.append((char) (' ' + rnd.nextInt(95)));
      }
      String s = sb.toString();
      assertThat(Murmur3.hash64(s, 0))
          .isEqualTo(Murmur3.hash64(s.getBytes(StandardCharsets.UTF_8), 0));
      assertThat(Murmur3.hash64(new StringBuilder(s), 0)).isEqualTo(Murmur3.hash64(s, 0));
    }
    String unicode = "ключ-ü-€-😀";
    assertThat(Murmur3.hash64(unicode, 0))
        .isEqualTo(Murmur3.hash64(unicode.getBytes(StandardCharsets.UTF_8), 0));
  }

  @Test
  void reduceStaysInRangeAndSpreads() {
    int[] counts = new int[7];
    for (int i = 0; i < 70_000; i++) {
      counts[Murmur3.reduce(Murmur3.fmix64(i), 7)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(9_000, 11_000);
    }
  }
}
