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

  /** The same bytes with non-zero unused bits in the last character (standard alphabet). */
  private static String respelled(String unpadded) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int last = alphabet.indexOf(unpadded.charAt(unpadded.length() - 1));
    String other = unpadded.substring(0, unpadded.length() - 1) + alphabet.charAt(last | 1);
    assertThat(java.util.Base64.getDecoder().decode(other))
        .isEqualTo(java.util.Base64.getDecoder().decode(unpadded));
    return other;
  }

  @Test
  void onlyTheCanonicalPhcSpellingVerifies() {
    String good = hasher().hash("pw".toCharArray());
    assertThat(hasher().verify("pw".toCharArray(), good)).isTrue();
    String[] f = good.split("\\$", -1);
    int salt = f.length - 2;
    int hash = f.length - 1;
    int params = f.length - 3;
    // The salt (16 bytes) and hash (32 bytes) leave unused bits, so each has other spellings the
    // JDK's decoder would accept as the same bytes: padded, or with those bits set.
    assertThat(f[salt].length() % 4).isNotZero();
    assertThat(f[hash].length() % 4).isNotZero();
    java.util.List<String> bad = new java.util.ArrayList<>();
    for (int i : new int[] {salt, hash}) {
      String[] copy = f.clone();
      copy[i] = f[i] + "=".repeat(4 - f[i].length() % 4);
      bad.add(String.join("$", copy));
      copy[i] = respelled(f[i]);
      bad.add(String.join("$", copy));
      copy[i] = "";
      bad.add(String.join("$", copy));
    }
    String[] pairs = f[params].split(",");
    java.util.List<String> reversed = new java.util.ArrayList<>(java.util.List.of(pairs));
    java.util.Collections.reverse(reversed);
    String[] paramVariants = {
      String.join(",", reversed),
      f[params] + "," + pairs[0],
      f[params] + ",x=1",
      f[params].substring(0, f[params].lastIndexOf(',')),
      f[params].replaceFirst("=", "=0"),
      f[params].replaceFirst("=", "=+"),
      f[params].replace(",", ", ")
    };
    for (String variant : paramVariants) {
      String[] copy = f.clone();
      copy[params] = variant;
      bad.add(String.join("$", copy));
    }
    for (int i = 0; i < f.length; i++) {
      if (f[i].startsWith("v=")) {
        String[] copy = f.clone();
        copy[i] = "v=0" + f[i].substring(2);
        bad.add(String.join("$", copy));
      }
    }
    for (String b : bad) {
      assertThat(b).isNotEqualTo(good);
      assertThatThrownBy(() -> hasher().verify("pw".toCharArray(), b))
          .as("hash %s", b)
          .isInstanceOf(PasswordHashFormatException.class);
    }
    assertThat(hasher().verify("pw".toCharArray(), good)).isTrue();
  }
}
