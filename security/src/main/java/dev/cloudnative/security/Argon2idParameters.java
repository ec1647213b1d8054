package dev.cloudnative.security;

/**
 * Argon2id cost parameters. {@link #ofDefaults()} is the OWASP Password Storage Cheat Sheet floor
 * (m = 19 MiB, t = 2, p = 1); weaker values are accepted (tests, constrained devices) but {@link
 * #meetsOwaspFloor()} reports them and the hasher logs a warning.
 *
 * @param memoryKiB memory cost in KiB (m)
 * @param iterations time cost, number of passes (t)
 * @param parallelism lanes (p)
 * @param saltLength salt bytes, 8..64 (16 for new hashes)
 * @param hashLength output bytes, 16..64
 *     <p>Thread-safety: immutable.
 */
public record Argon2idParameters(
    int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength) {

  /**
   * Upper bounds that also apply to decoded hashes, so that a planted hash cannot exhaust memory or
   * CPU.
   */
  public static final int MAX_MEMORY_KIB = 1 << 20;

  public static final int MAX_ITERATIONS = 64;
  public static final int MAX_PARALLELISM = 16;

  public Argon2idParameters {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new InvalidConfigurationException(
          "Argon2id parallelism p=" + parallelism + " is outside 1.." + MAX_PARALLELISM);
    }
    if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      throw new InvalidConfigurationException(
          "Argon2id memory m="
              + memoryKiB
              + " KiB is outside "
              + (8 * parallelism)
              + ".."
              + MAX_MEMORY_KIB
              + " KiB");
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new InvalidConfigurationException(
          "Argon2id iterations t=" + iterations + " is outside 1.." + MAX_ITERATIONS);
    }
    // 8 bytes is RFC 9106's minimum and is accepted so that foreign hashes decode; new hashes use
    // 16.
    if (saltLength < 8 || saltLength > 64) {
      throw new InvalidConfigurationException(
          "Argon2id salt length " + saltLength + " bytes is outside 8..64");
    }
    if (hashLength < 16 || hashLength > 64) {
      throw new InvalidConfigurationException(
          "Argon2id hash length " + hashLength + " bytes is outside 16..64");
    }
  }

  /** OWASP's floor: m = 19456 KiB, t = 2, p = 1, 16-byte salt, 32-byte hash. */
  public static Argon2idParameters ofDefaults() {
    return new Argon2idParameters(19_456, 2, 1, 16, 32);
  }

  /**
   * True if these parameters are at least one of OWASP's equivalent Argon2id configurations
   * (m=47104/t=1, m=19456/t=2, m=12288/t=3, m=9216/t=4, m=7168/t=5, each with p=1), with a salt of
   * at least 16 bytes.
   */
  public boolean meetsOwaspFloor() {
    return saltLength >= 16
        && ((memoryKiB >= 47_104 && iterations >= 1)
            || (memoryKiB >= 19_456 && iterations >= 2)
            || (memoryKiB >= 12_288 && iterations >= 3)
            || (memoryKiB >= 9_216 && iterations >= 4)
            || (memoryKiB >= 7_168 && iterations >= 5));
  }

  /** True if every cost parameter of this is at least that of {@code other}. */
  public boolean atLeast(Argon2idParameters other) {
    return memoryKiB >= other.memoryKiB
        && iterations >= other.iterations
        && parallelism == other.parallelism
        && hashLength >= other.hashLength;
  }
}
