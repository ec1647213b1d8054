package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DelegatingPasswordHasherTest extends PasswordHasherContractTest {

  @Override
  protected PasswordHasher hasher() {
    return PasswordHasher.delegating(CheapHashers.argon2id(), CheapHashers.pbkdf2());
  }

  @Override
  protected PasswordHasher strongerHasher() {
    return PasswordHasher.delegating(
        PasswordHasher.argon2id(new Argon2idParameters(512, 2, 1, 16, 32)), CheapHashers.pbkdf2());
  }

  @Override
  protected String expectedPrefix() {
    return "$argon2id$v=19$m=256,t=1,p=1$";
  }

  @Test
  void verifiesLegacyHashesAndAsksForTheirUpgrade() {
    String legacy = CheapHashers.pbkdf2().hash("migrate me".toCharArray());
    PasswordHasher delegating = hasher();
    assertThat(delegating.verify("migrate me".toCharArray(), legacy)).isTrue();
    assertThat(delegating.verify("migrate you".toCharArray(), legacy)).isFalse();
    assertThat(delegating.needsRehash(legacy)).isTrue();
    String upgraded = delegating.hash("migrate me".toCharArray());
    assertThat(upgraded).startsWith("$argon2id$");
    assertThat(delegating.needsRehash(upgraded)).isFalse();
  }
}
