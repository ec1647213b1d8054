package dev.cloudnative.security.password;

import dev.cloudnative.security.InvalidConfigurationException;
import dev.cloudnative.security.PasswordHashFormatException;
import dev.cloudnative.security.PasswordHasher;
import dev.cloudnative.security.Pbkdf2Parameters;
import dev.cloudnative.security.SecurityModuleException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PBKDF2-HMAC-SHA256 on the JDK's {@code PBKDF2WithHmacSHA256} (a FIPS 140 approved construction,
 * hence the choice for FIPS deployments; it is not memory-hard, so it needs OWASP's 600,000
 * iterations). Encoded as {@code $pbkdf2-sha256$i=600000,l=32$salt$hash}.
 *
 * <p>Thread-safety: immutable; each call obtains its own {@link SecretKeyFactory}.
 */
public final class Pbkdf2PasswordHasher implements PasswordHasher {

  private static final Logger LOG = LoggerFactory.getLogger(Pbkdf2PasswordHasher.class);
  static final String ID = "pbkdf2-sha256";

  /** The parameters of a PHC string, in the order {@link #hash} writes them. */
  private static final List<String> PARAMS = List.of("i", "l");

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Weak parameter sets already warned about, so that a warning is logged once per set, not per
   * instance.
   */
  private static final Set<Pbkdf2Parameters> WARNED = ConcurrentHashMap.newKeySet();

  private final Pbkdf2Parameters parameters;

  public Pbkdf2PasswordHasher(Pbkdf2Parameters parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    if (!parameters.meetsOwaspFloor() && WARNED.add(parameters)) {
      LOG.warn(
          "PBKDF2 iterations {} are below OWASP's 600,000; use them only for tests",
          parameters.iterations());
    }
  }

  public Pbkdf2Parameters parameters() {
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
    byte[] hash = derive(password, salt, parameters.iterations(), parameters.hashLength());
    return Phc.encode(
        ID, null, "i=" + parameters.iterations() + ",l=" + parameters.hashLength(), salt, hash);
  }

  @Override
  public boolean verify(char[] password, String encodedHash) {
    Decoded d = decode(encodedHash);
    byte[] actual = derive(password, d.salt, d.params.iterations(), d.expected.length);
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
    return d.params.iterations() < parameters.iterations()
        || d.salt.length < parameters.saltLength()
        || d.expected.length < parameters.hashLength();
  }

  private record Decoded(Pbkdf2Parameters params, byte[] salt, byte[] expected) {}

  private static Decoded decode(String encodedHash) {
    Phc.Parsed p = Phc.parse(encodedHash, false, PARAMS);
    if (!ID.equals(p.id())) {
      throw new PasswordHashFormatException(
          "Expected a pbkdf2-sha256 hash, found '" + p.id() + "'");
    }
    try {
      Pbkdf2Parameters params =
          new Pbkdf2Parameters(Phc.require(p, "i"), p.salt().length, p.hash().length);
      if (Phc.require(p, "l") != p.hash().length) {
        throw new PasswordHashFormatException(
            "pbkdf2-sha256 hash length field does not match its hash");
      }
      return new Decoded(params, p.salt(), p.hash());
    } catch (InvalidConfigurationException e) {
      throw new PasswordHashFormatException(
          "Stored pbkdf2-sha256 hash has parameters outside the accepted "
              + "range: "
              + e.getMessage());
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations, int length) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, length * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new SecurityModuleException("PBKDF2WithHmacSHA256 is unavailable in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
