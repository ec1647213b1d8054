package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract every {@link PasswordHasher} meets; one subclass per implementation. */
abstract class PasswordHasherContractTest {

  /** The hasher under test, at cheap parameters. */
  protected abstract PasswordHasher hasher();

  /** A hasher of the same algorithm with stronger parameters than {@link #hasher()}. */
  protected abstract PasswordHasher strongerHasher();

  /** The PHC prefix the hasher writes. */
  protected abstract String expectedPrefix();

  @Test
  void hashVerifiesOnlyTheSamePassword() {
    String hash = hasher().hash("correct horse battery staple".toCharArray());
    assertThat(hasher().verify("correct horse battery staple".toCharArray(), hash)).isTrue();
    assertThat(hasher().verify("correct horse battery stapler".toCharArray(), hash)).isFalse();
    assertThat(hasher().verify("".toCharArray(), hash)).isFalse();
  }

  @Test
  void encodingIsSelfDescribingPhc() {
    String hash = hasher().hash("pw-for-format".toCharArray());
    assertThat(hash).startsWith(expectedPrefix());
    assertThat(hash.split("\\$")).hasSizeGreaterThanOrEqualTo(5);
    assertThat(hasher().supports(hash)).isTrue();
    assertThat(hash).doesNotContain("pw-for-format");
  }

  @Test
  void everyHashHasAFreshSalt() {
    Set<String> hashes = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      hashes.add(hasher().hash("same password".toCharArray()));
    }
    assertThat(hashes).hasSize(5);
    Set<String> salts = new HashSet<>();
    for (String h : hashes) {
      String[] parts = h.split("\\$");
      salts.add(parts[parts.length - 2]);
    }
    assertThat(salts).hasSize(5);
  }

  @Test
  void unicodeAndLongPasswordsRoundTrip() {
    char[] unicode = "pässwörd-密码-🔑-çava".toCharArray();
    String hash = hasher().hash(unicode);
    assertThat(hasher().verify("pässwörd-密码-🔑-çava".toCharArray(), hash)).isTrue();
    assertThat(hasher().verify("passwords-密码-🔑-çava".toCharArray(), hash)).isFalse();
    char[] longPw = "x".repeat(1000).toCharArray();
    assertThat(hasher().verify(longPw, hasher().hash(longPw))).isTrue();
  }

  @Test
  void doesNotModifyTheCallersArray() {
    char[] pw = "keep me intact".toCharArray();
    hasher().hash(pw);
    assertThat(new String(pw)).isEqualTo("keep me intact");
  }

  @Test
  void needsRehashWhenParametersAreWeakerThanConfigured() {
    String weak = hasher().hash("upgrade me".toCharArray());
    assertThat(hasher().needsRehash(weak)).isFalse();
    assertThat(strongerHasher().needsRehash(weak)).isTrue();
    assertThat(strongerHasher().verify("upgrade me".toCharArray(), weak)).isTrue();
  }

  @Test
  void foreignAlgorithmsNeedRehashAndAreNotSupported() {
    String foreign = "$foo$v=1$x=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaA";
    assertThat(hasher().supports(foreign)).isFalse();
    assertThat(hasher().needsRehash(foreign)).isTrue();
    assertThatThrownBy(() -> hasher().verify("x".toCharArray(), foreign))
        .isInstanceOf(PasswordHashFormatException.class);
  }

  @Test
  void malformedHashesAreRejectedWithATypedError() {
    String good = hasher().hash("pw".toCharArray());
    String[] bad = {
      "",
      "plain",
      good.substring(0, good.lastIndexOf('$')),
      good.replaceFirst("\\$[^$]+$", "\\$!!!notbase64!!!"),
      good + "$extra",
      good.replace("=", "=9999999999"),
      "$" + expectedPrefix().substring(1) + "x".repeat(600)
    };
    for (String b : bad) {
      assertThatThrownBy(() -> hasher().verify("pw".toCharArray(), b))
          .as("hash %s", b)
          .isInstanceOf(PasswordHashFormatException.class);
    }
  }
}
