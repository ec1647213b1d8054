package dev.cloudnative.storage.hash;

import dev.cloudnative.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The libketama key hash: the first four bytes of MD5(key), little-endian, as an unsigned 32-bit
 * value. Reuses one digest and one scratch buffer per thread (spymemcached clones a digest and
 * encodes a fresh byte array on every lookup), so a lookup of an ASCII key does not allocate.
 * Thread-safe.
 */
final class Md5KeyHash {
  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private Md5KeyHash() {}

  static long hash(byte[] key, int off, int len) {
    State s = STATE.get();
    s.md5.update(key, off, len);
    return s.finish();
  }

  static long hash(CharSequence key) {
    State s = STATE.get();
    int len = key.length();
    if (len > s.scratch.length) {
      s.scratch = new byte[Math.max(len, s.scratch.length * 2)];
    }
    byte[] buf = s.scratch;
    for (int i = 0; i < len; i++) {
      char c = key.charAt(i);
      if (c >= 0x80) {
        byte[] utf8 = key.toString().getBytes(StandardCharsets.UTF_8);
        s.md5.update(utf8, 0, utf8.length);
        return s.finish();
      }
      buf[i] = (byte) c;
    }
    s.md5.update(buf, 0, len);
    return s.finish();
  }

  /** Full MD5 digest (used to build the continuum). */
  static byte[] digest(String s) {
    State st = STATE.get();
    return st.md5.digest(s.getBytes(StandardCharsets.UTF_8));
  }

  private static final class State {
    final MessageDigest md5;
    final byte[] out = new byte[16];
    byte[] scratch = new byte[64];

    State() {
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new StorageException("MD5 is required by the Java platform but is missing", e);
      }
    }

    long finish() {
      try {
        md5.digest(out, 0, 16);
      } catch (DigestException e) {
        throw new StorageException("MD5 digest failed", e);
      }
      return ((out[3] & 0xFFL) << 24)
          | ((out[2] & 0xFFL) << 16)
          | ((out[1] & 0xFFL) << 8)
          | (out[0] & 0xFFL);
    }
  }
}
