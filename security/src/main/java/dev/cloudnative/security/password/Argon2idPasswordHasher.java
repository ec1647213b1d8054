package dev.cloudnative.security.password;

import dev.cloudnative.security.Argon2idParameters;
import dev.cloudnative.security.InvalidConfigurationException;
import dev.cloudnative.security.PasswordHashFormatException;
import dev.cloudnative.security.PasswordHasher;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argon2id (RFC 9106, version 0x13) on Bouncy Castle's {@link Argon2BytesGenerator}. Argon2id is
 * memory-hard: each guess must fill {@code m} KiB, which makes GPU/ASIC cracking expensive; the
 * "id" variant resists both side channels (first pass data-independent) and time-memory trade-offs.
 * Passwords enter as UTF-8 bytes. Encoded as {@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}.
 *
 * <p>Thread-safety: immutable; each call uses its own generator.
 */
public final class Argon2idPasswordHasher implements PasswordHasher {

  private static final Logger LOG = LoggerFactory.getLogger(Argon2idPasswordHasher.class);
  static final String ID = "argon2id";

  /** The parameters of a PHC string, in the order {@link #hash} writes them. */
  private static final List<String> PARAMS = List.of("m", "t", "p");

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Weak parameter sets already warned about, so that a warning is logged once per set, not per
   * instance.
   */
  private static final Set<Argon2idParameters> WARNED = ConcurrentHashMap.newKeySet();

  private final Argon2idParameters parameters;

  public Argon2idPasswordHasher(Argon2idParameters parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    if (!parameters.meetsOwaspFloor() && WARNED.add(parameters)) {
      LOG.warn(
          "Argon2id parameters {} are below the OWASP floor (m=19456 KiB, t=2, p=1); "
              + "use them only for tests",
          parameters);
    }
  }

  public Argon2idParameters parameters() {
    return parameters;
  }

  @Override
  public String algorithm() {
    return ID;
  }

  @Override
  public String hash(char[] password) {
    byte[] salt = new byte[parameters.saltLength()];
    RANDOM.nextBytes(salt);
    byte[] hash =
        derive(
            password,
            salt,
            parameters.memoryKiB(),
            parameters.iterations(),
            parameters.parallelism(),
            parameters.hashLength());
    String params =
        "m="
            + parameters.memoryKiB()
            + ",t="
            + parameters.iterations()
            + ",p="
            + parameters.parallelism();
    return Phc.encode(ID, Argon2Parameters.ARGON2_VERSION_13, params, salt, hash);
  }

  @Override
  public boolean verify(char[] password, String encodedHash) {
    Decoded d = decode(encodedHash);
    byte[] actual =
        derive(
            password,
            d.salt,
            d.params.memoryKiB(),
            d.params.iterations(),
            d.params.parallelism(),
            d.expected.length);
    try {
      return MessageDigest.isEqual(actual, d.expected);
    } finally {
      Arrays.fill(actual, (byte) 0);
    }
  }

  @Override
  public boolean supports(String encodedHash) {
    return ID.equals(Phc.idOf(encodedHash));
  }

  @Override
  public boolean needsRehash(String encodedHash) {
    if (!supports(encodedHash)) {
      return true;
    }
    Decoded d = decode(encodedHash);
    return !d.params.atLeast(parameters) || d.salt.length < parameters.saltLength();
  }

  private record Decoded(Argon2idParameters params, byte[] salt, byte[] expected) {}

  private static Decoded decode(String encodedHash) {
    Phc.Parsed p = Phc.parse(encodedHash, true, PARAMS);
    if (!ID.equals(p.id())) {
      throw new PasswordHashFormatException("Expected an argon2id hash, found '" + p.id() + "'");
    }
    if (p.version() != Argon2Parameters.ARGON2_VERSION_13) {
      throw new PasswordHashFormatException(
          "Unsupported Argon2 version " + p.version() + "; only 19 (0x13)");
    }
    try {
      Argon2idParameters params =
          new Argon2idParameters(
              Phc.require(p, "m"),
              Phc.require(p, "t"),
              Phc.require(p, "p"),
              p.salt().length,
              p.hash().length);
      return new Decoded(params, p.salt(), p.hash());
    } catch (InvalidConfigurationException e) {
      throw new PasswordHashFormatException(
          "Stored argon2id hash has parameters outside the accepted range: " + e.getMessage());
    }
  }

  private static byte[] derive(
      char[] password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length) {
    Argon2Parameters params =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKiB)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[length];
    generator.generateBytes(password, out);
    return out;
  }
}
