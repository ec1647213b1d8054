package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.security.password.Argon2idPasswordHasher;
import dev.cloudnative.security.password.Pbkdf2PasswordHasher;
import org.junit.jupiter.api.Test;

/**
 * The defaults meet the OWASP Password Storage Cheat Sheet floor, and the hashes they write say so.
 */
class PasswordHashingDefaultsTest {

  @Test
  void argon2idDefaultsMeetTheOwaspFloor() {
    Argon2idParameters p = Argon2idParameters.ofDefaults();
    assertThat(p.memoryKiB()).isGreaterThanOrEqualTo(19 * 1024);
    assertThat(p.iterations()).isGreaterThanOrEqualTo(2);
    assertThat(p.parallelism()).isEqualTo(1);
    assertThat(p.saltLength()).isGreaterThanOrEqualTo(16);
    assertThat(p.meetsOwaspFloor()).isTrue();
    assertThat(((Argon2idPasswordHasher) PasswordHasher.argon2id()).parameters()).isEqualTo(p);
    assertThat(new Argon2idParameters(256, 1, 1, 16, 32).meetsOwaspFloor()).isFalse();
    assertThat(new Argon2idParameters(47_104, 1, 1, 16, 32).meetsOwaspFloor()).isTrue();
  }

  @Test
  void pbkdf2DefaultsMeetTheOwaspFloor() {
    Pbkdf2Parameters p = Pbkdf2Parameters.ofDefaults();
    assertThat(p.iterations()).isGreaterThanOrEqualTo(600_000);
    assertThat(p.saltLength()).isGreaterThanOrEqualTo(16);
    assertThat(p.meetsOwaspFloor()).isTrue();
    assertThat(((Pbkdf2PasswordHasher) PasswordHasher.pbkdf2()).parameters()).isEqualTo(p);
  }

  @Test
  void defaultHashesEncodeTheirParametersAndVerify() {
    PasswordHasher argon = PasswordHasher.argon2id();
    String a = argon.hash("correct horse battery staple".toCharArray());
    assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(argon.verify("correct horse battery staple".toCharArray(), a)).isTrue();
    assertThat(argon.needsRehash(a)).isFalse();

    PasswordHasher pbkdf2 = PasswordHasher.pbkdf2();
    String b = pbkdf2.hash("correct horse battery staple".toCharArray());
    assertThat(b).startsWith("$pbkdf2-sha256$i=600000,l=32$");
    assertThat(pbkdf2.verify("correct horse battery staple".toCharArray(), b)).isTrue();
  }

  @Test
  void cheapTestHashesAreFlaggedForUpgradeByTheDefaults() {
    String cheap = CheapHashers.argon2id().hash("pw".toCharArray());
    assertThat(PasswordHasher.argon2id().needsRehash(cheap)).isTrue();
    String cheapPbkdf2 = CheapHashers.pbkdf2().hash("pw".toCharArray());
    assertThat(PasswordHasher.pbkdf2().needsRehash(cheapPbkdf2)).isTrue();
    assertThat(PasswordHasher.argon2id().needsRehash(cheapPbkdf2)).isTrue();
  }
}
