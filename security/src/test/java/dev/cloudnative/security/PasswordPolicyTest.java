package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.security.password.CommonPasswords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

  private final PasswordPolicy policy = PasswordPolicy.ofDefaults();

  @Test
  void lengthBoundsFollowAsvs() {
    assertThat(policy.violations("alice", "7chars!".toCharArray()))
        .containsExactly(PasswordPolicy.Violation.TOO_SHORT);
    assertThat(policy.violations("alice", "8chars!x".toCharArray())).isEmpty();
    assertThat(policy.violations("alice", "q".repeat(7).concat("w".repeat(57)).toCharArray()))
        .isEmpty();
    assertThat(policy.violations("alice", "zx".repeat(64).toCharArray())).isEmpty();
    assertThat(policy.violations("alice", "zx".repeat(65).toCharArray()))
        .containsExactly(PasswordPolicy.Violation.TOO_LONG);
    assertThat(PasswordPolicy.recommended().minLength()).isEqualTo(15);
  }

  @Test
  void lengthCountsCodePointsNotUtf16Units() {
    // Seven emoji are 14 UTF-16 units but 7 characters: too short.
    assertThat(policy.violations("alice", "🔑🔒🔓🗝🛡🧱🪪".toCharArray()))
        .contains(PasswordPolicy.Violation.TOO_SHORT);
    assertThat(policy.violations("alice", "🔑🔒🔓🗝🛡🧱🪪🔐".toCharArray())).isEmpty();
  }

  @Test
  void noCompositionRules() {
    assertThat(policy.violations("alice", "lowercase words only here".toCharArray())).isEmpty();
    assertThat(policy.violations("alice", "9284710365".toCharArray())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "Password1",
        "12345678",
        "qwertyuiop",
        "iloveyou",
        "PASSWORD123",
        "aaaaaaaaaa",
        "1qaz2wsx",
        "sunshine",
        "football"
      })
  void commonPasswordsAreRejectedCaseInsensitively(String common) {
    assertThat(policy.violations("alice", common.toCharArray()))
        .contains(PasswordPolicy.Violation.COMMON_PASSWORD);
  }

  @Test
  void theShippedListIsSubstantial() {
    assertThat(CommonPasswords.size()).isGreaterThan(10_000);
    assertThat(CommonPasswords.contains("password")).isTrue();
  }

  @Test
  void theUsernameIsNotAPassword() {
    assertThat(policy.violations("marguerite", "marguerite2026".toCharArray()))
        .containsExactly(PasswordPolicy.Violation.CONTAINS_USERNAME);
  }

  @Test
  void exceptionsListEveryViolationButNotThePassword() {
    assertThatThrownBy(() -> policy.check("alice", "alice".toCharArray()))
        .isInstanceOf(WeakPasswordException.class)
        .satisfies(
            e ->
                assertThat(((WeakPasswordException) e).violations())
                    .contains(
                        PasswordPolicy.Violation.TOO_SHORT,
                        PasswordPolicy.Violation.CONTAINS_USERNAME));
    assertThatThrownBy(
            () -> policy.check("bob", "secretive-sunshine".replace("secretive-", "").toCharArray()))
        .isInstanceOf(WeakPasswordException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sunshine"));
  }

  @Test
  void extraBlocklistAndConfigBounds() {
    PasswordPolicy custom =
        PasswordPolicy.custom()
            .minLength(12)
            .maxLength(64)
            .blocklist(p -> p.contains("acme"))
            .build();
    assertThat(custom.violations("bob", "welcome-to-acme-corp".toCharArray()))
        .containsExactly(PasswordPolicy.Violation.COMMON_PASSWORD);
    assertThatThrownBy(() -> PasswordPolicy.custom().minLength(6))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("minLength 6");
    assertThatThrownBy(() -> PasswordPolicy.custom().maxLength(32))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("at least 64");
  }
}
