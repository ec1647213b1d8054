package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Pbkdf2PasswordHasherTest extends PasswordHasherContractTest {

  @Override
  protected PasswordHasher hasher() {
    return CheapHashers.pbkdf2();
  }

  @Override
  protected PasswordHasher strongerHasher() {
    return PasswordHasher.pbkdf2(new Pbkdf2Parameters(2_000, 16, 32));
  }

  @Override
  protected String expectedPrefix() {
    return "$pbkdf2-sha256$i=1000,l=32$";
  }

  @Test
  void lengthFieldMustMatchTheHash() {
    String hash = hasher().hash("pw".toCharArray());
    String lying = hash.replace(",l=32$", ",l=16$");
    assertThatThrownBy(() -> hasher().verify("pw".toCharArray(), lying))
        .isInstanceOf(PasswordHashFormatException.class);
  }

  @Test
  void iterationsAreValidatedAtTheBoundary() {
    assertThatThrownBy(() -> new Pbkdf2Parameters(0, 16, 32))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("iterations 0");
    assertThat(new Pbkdf2Parameters(1_000, 16, 32).meetsOwaspFloor()).isFalse();
  }
}
