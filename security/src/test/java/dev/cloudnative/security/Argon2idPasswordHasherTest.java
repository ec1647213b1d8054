package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest extends PasswordHasherContractTest {

  @Override
  protected PasswordHasher hasher() {
    return CheapHashers.argon2id();
  }

  @Override
  protected PasswordHasher strongerHasher() {
    return PasswordHasher.argon2id(new Argon2idParameters(512, 2, 1, 16, 32));
  }

  @Override
  protected String expectedPrefix() {
    return "$argon2id$v=19$m=256,t=1,p=1$";
  }

  /**
   * Known answer from the Argon2 reference implementation's test suite (argon2id, v=19, m=64 MiB,
   * t=2, p=1, password "password", salt "somesalt"): proves interoperable encoding, not just a
   * self-consistent one.
   */
  @Test
  void verifiesTheReferenceImplementationsKnownAnswer() {
    String reference =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    PasswordHasher hasher = PasswordHasher.argon2id();
    assertThat(hasher.verify("password".toCharArray(), reference)).isTrue();
    assertThat(hasher.verify("Password".toCharArray(), reference)).isFalse();
    // An 8-byte salt is below what we write, so a login would upgrade it.
    assertThat(hasher.needsRehash(reference)).isTrue();
    // The same hash with '=' padding is a second spelling: refused, not verified.
    String padded =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc=";
    assertThatThrownBy(() -> hasher.verify("password".toCharArray(), padded))
        .isInstanceOf(PasswordHashFormatException.class)
        .hasMessageContaining("not canonical unpadded Base64");
    String reordered =
        "$argon2id$v=19$t=2,m=65536,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertThatThrownBy(() -> hasher.verify("password".toCharArray(), reordered))
        .isInstanceOf(PasswordHashFormatException.class)
        .hasMessageContaining("must be exactly m,t,p in this order");
  }

  @Test
  void plantedHashesCannotDemandUnboundedCost() {
    String planted =
        "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertThatThrownBy(() -> hasher().verify("x".toCharArray(), planted))
        .isInstanceOf(PasswordHashFormatException.class)
        .hasMessageContaining("outside");
    String oldVersion =
        "$argon2id$v=16$m=256,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertThatThrownBy(() -> hasher().verify("x".toCharArray(), oldVersion))
        .isInstanceOf(PasswordHashFormatException.class);
  }

  @Test
  void parametersAreValidatedAtTheBoundary() {
    assertThatThrownBy(() -> new Argon2idParameters(4, 1, 1, 16, 32))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("memory m=4");
    assertThatThrownBy(() -> new Argon2idParameters(19_456, 0, 1, 16, 32))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("iterations t=0");
    assertThatThrownBy(() -> new Argon2idParameters(19_456, 2, 1, 4, 32))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("salt length 4");
  }
}
