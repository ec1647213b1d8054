package dev.cloudnative.security;

import dev.cloudnative.security.password.Argon2idPasswordHasher;
import dev.cloudnative.security.password.DelegatingPasswordHasher;
import dev.cloudnative.security.password.Pbkdf2PasswordHasher;
import java.util.List;

/**
 * One-way, salted, deliberately slow password hashing with self-describing encodings: every encoded
 * hash is a PHC string ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) that names its algorithm,
 * parameters and salt, so hashes made with older parameters still verify and {@link #needsRehash}
 * tells a login to upgrade them.
 *
 * <p>Implementations use a fresh random salt per hash and compare in constant time. They never keep
 * or clear the caller's {@code char[]}; clearing it after use is the caller's choice.
 *
 * <p>Thread-safety: implementations are immutable and safe for concurrent use.
 */
public interface PasswordHasher {

  /**
   * The PHC algorithm identifier this hasher produces, e.g. {@code argon2id} or {@code
   * pbkdf2-sha256}.
   */
  String algorithm();

  /** Hashes a password with a new random salt and returns the encoded PHC string. */
  String hash(char[] password);

  /**
   * Checks a password against an encoded hash in constant time with respect to the hash bytes.
   *
   * @throws PasswordHashFormatException if the encoded hash is malformed or of an unsupported
   *     algorithm
   */
  boolean verify(char[] password, String encodedHash);

  /** True if this hasher can verify the encoded hash (its algorithm identifier matches). */
  boolean supports(String encodedHash);

  /**
   * True if the encoded hash was made with another algorithm or weaker parameters than this
   * hasher's, so that the caller should store {@link #hash} of the (just verified) password
   * instead.
   */
  boolean needsRehash(String encodedHash);

  /** Argon2id at the OWASP floor (m = 19 MiB, t = 2, p = 1): the default. */
  static PasswordHasher argon2id() {
    return new Argon2idPasswordHasher(Argon2idParameters.ofDefaults());
  }

  /** Argon2id with explicit parameters. */
  static PasswordHasher argon2id(Argon2idParameters parameters) {
    return new Argon2idPasswordHasher(parameters);
  }

  /**
   * PBKDF2-HMAC-SHA256 with 600,000 iterations, for deployments that must use FIPS-approved
   * primitives.
   */
  static PasswordHasher pbkdf2() {
    return new Pbkdf2PasswordHasher(Pbkdf2Parameters.ofDefaults());
  }

  /** PBKDF2-HMAC-SHA256 with explicit parameters. */
  static PasswordHasher pbkdf2(Pbkdf2Parameters parameters) {
    return new Pbkdf2PasswordHasher(parameters);
  }

  /**
   * Hashes with {@code preferred} and verifies hashes of any of the given hashers, so that a
   * migration (for example PBKDF2 to Argon2id) happens one login at a time through {@link
   * #needsRehash}.
   */
  static PasswordHasher delegating(PasswordHasher preferred, PasswordHasher... legacy) {
    return new DelegatingPasswordHasher(preferred, List.of(legacy));
  }
}
