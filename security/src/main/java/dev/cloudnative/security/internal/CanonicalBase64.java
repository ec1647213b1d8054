package dev.cloudnative.security.internal;

/**
 * Checks that a string is the one canonical unpadded Base64 spelling of its bytes (RFC 4648 §3.5):
 * only alphabet characters, no {@code =} padding, a length that can encode whole bytes, and zero
 * unused bits in the last character. The JDK's and nimbus's decoders accept {@code "AB"} as the
 * same single zero byte as {@code "AA"}; without this check one token or hash would have several
 * spellings, so a cache, revocation or replay check keyed on the string could be sidestepped by
 * re-spelling it.
 *
 * <p>Thread-safety: stateless, therefore thread-safe.
 */
public final class CanonicalBase64 {

  /** Which 64-character alphabet: base64url ({@code -_}, JWS) or standard ({@code +/}, PHC). */
  public enum Alphabet {
    URL('-', '_'),
    STANDARD('+', '/');

    private final char c62;
    private final char c63;

    Alphabet(char c62, char c63) {
      this.c62 = c62;
      this.c63 = c63;
    }
  }

  private CanonicalBase64() {}

  /** True if {@code s} is canonical unpadded Base64 in {@code alphabet}; empty is canonical. */
  public static boolean isCanonical(CharSequence s, Alphabet alphabet) {
    return isCanonical(s, 0, s.length(), alphabet);
  }

  /** {@link #isCanonical(CharSequence, Alphabet)} for {@code s[from, to)}, without copying. */
  public static boolean isCanonical(CharSequence s, int from, int to, Alphabet alphabet) {
    int length = to - from;
    // A single leftover character cannot encode a byte.
    if (length % 4 == 1) {
      return false;
    }
    int last = 0;
    for (int i = from; i < to; i++) {
      last = value(s.charAt(i), alphabet);
      if (last < 0) {
        return false;
      }
    }
    // Two leftover characters carry 12 bits for one byte (4 unused), three carry 18 bits for two
    // bytes (2 unused); the unused low bits of the last character must be zero.
    return switch (length % 4) {
      case 2 -> (last & 0x0f) == 0;
      case 3 -> (last & 0x03) == 0;
      default -> true;
    };
  }

  private static int value(char c, Alphabet alphabet) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == alphabet.c62) {
      return 62;
    }
    return c == alphabet.c63 ? 63 : -1;
  }
}
