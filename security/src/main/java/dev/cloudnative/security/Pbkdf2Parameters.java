package dev.cloudnative.security;

/**
 * PBKDF2-HMAC-SHA256 parameters. {@link #ofDefaults()} uses OWASP's 600,000 iterations; fewer are
 * accepted (tests) but {@link #meetsOwaspFloor()} reports them and the hasher logs a warning.
 *
 * @param iterations PBKDF2 iteration count
 * @param saltLength salt bytes, 8..64 (16 for new hashes)
 * @param hashLength derived key bytes, 16..64
 *     <p>Thread-safety: immutable.
 */
public record Pbkdf2Parameters(int iterations, int saltLength, int hashLength) {

  public static final int OWASP_MIN_ITERATIONS = 600_000;

  /** Bound for decoded hashes, so that a planted hash cannot pin a CPU for minutes. */
  public static final int MAX_ITERATIONS = 10_000_000;

  public Pbkdf2Parameters {
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new InvalidConfigurationException(
          "PBKDF2 iterations " + iterations + " is outside 1.." + MAX_ITERATIONS);
    }
    // 8 bytes is RFC 9106's minimum and is accepted so that foreign hashes decode; new hashes use
    // 16.
    if (saltLength < 8 || saltLength > 64) {
      throw new InvalidConfigurationException(
          "PBKDF2 salt length " + saltLength + " bytes is outside 8..64");
    }
    if (hashLength < 16 || hashLength > 64) {
      throw new InvalidConfigurationException(
          "PBKDF2 hash length " + hashLength + " bytes is outside 16..64");
    }
  }

  /** 600,000 iterations, 16-byte salt, 32-byte hash. */
  public static Pbkdf2Parameters ofDefaults() {
    return new Pbkdf2Parameters(OWASP_MIN_ITERATIONS, 16, 32);
  }

  /** True if the iteration count is at least OWASP's 600,000 for PBKDF2-HMAC-SHA256. */
  public boolean meetsOwaspFloor() {
    return iterations >= OWASP_MIN_ITERATIONS && saltLength >= 16;
  }
}
