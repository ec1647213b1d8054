package dev.cloudnative.security;

/**
 * Deliberately cheap hashing parameters for tests that are about something other than hashing cost
 * (throttling, accounts, flows). The OWASP defaults are tested in {@link
 * PasswordHashingDefaultsTest}.
 */
public final class CheapHashers {

  public static final Argon2idParameters ARGON2 = new Argon2idParameters(256, 1, 1, 16, 32);
  public static final Pbkdf2Parameters PBKDF2 = new Pbkdf2Parameters(1_000, 16, 32);

  private CheapHashers() {}

  public static PasswordHasher argon2id() {
    return PasswordHasher.argon2id(ARGON2);
  }

  public static PasswordHasher pbkdf2() {
    return PasswordHasher.pbkdf2(PBKDF2);
  }
}
