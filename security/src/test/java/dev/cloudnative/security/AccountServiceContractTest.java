package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class AccountServiceContractTest {

  protected abstract AccountService create(
      UserStore store, PasswordHasher hasher, PasswordPolicy policy, java.time.Clock clock);

  private MutableClock clock;
  private UserStore store;
  private AccountService accounts;
  private PasswordHasher hasher;

  @BeforeEach
  void setUp() {
    clock = MutableClock.at("2026-01-01T00:00:00Z");
    store = UserStore.inMemory();
    hasher = CheapHashers.argon2id();
    accounts = create(store, hasher, PasswordPolicy.ofDefaults(), clock);
  }

  @Test
  void registrationNormalizesTheNameAndStoresOnlyAHash() {
    UserAccount a =
        accounts.register(
            "Alice.Smith@Example.COM", "tranquil-otter-lamp".toCharArray(), Set.of("viewer"));
    assertThat(a.username()).isEqualTo("alice.smith@example.com");
    assertThat(a.passwordHash()).startsWith("$argon2id$").doesNotContain("tranquil");
    assertThat(a.enabled()).isTrue();
    assertThat(accounts.find("ALICE.SMITH@example.com")).contains(a);
    // Full-width letters normalize (NFKC) to the same account.
    assertThatThrownBy(
            () ->
                accounts.register(
                    "ａｌｉｃｅ.smith@example.com", "another-good-pass".toCharArray(), Set.of()))
        .isInstanceOf(DuplicateUserException.class);
  }

  @Test
  void usernameRules() {
    for (String bad :
        new String[] {
          "ab", "-alice", "ali ce", "alice\n", "a".repeat(65), "alice/../root", "", "<script>"
        }) {
      assertThatThrownBy(
              () -> accounts.register(bad, "tranquil-otter-lamp".toCharArray(), Set.of()))
          .as(bad)
          .isInstanceOf(InvalidUsernameException.class);
    }
    assertThat(UsernamePolicy.tryNormalize(null)).isEmpty();
  }

  @Test
  void weakPasswordsAreRefusedAtRegistration() {
    assertThatThrownBy(() -> accounts.register("bob", "password1".toCharArray(), Set.of()))
        .isInstanceOf(WeakPasswordException.class);
    assertThatThrownBy(() -> accounts.register("bobby", "bobby-rocks".toCharArray(), Set.of()))
        .isInstanceOf(WeakPasswordException.class);
    assertThat(store.find("bob")).isEmpty();
  }

  @Test
  void passwordChangeRequiresTheCurrentPassword() {
    accounts.register("carol", "tranquil-otter-lamp".toCharArray(), Set.of());
    clock.advance(Duration.ofDays(1));
    assertThatThrownBy(
            () ->
                accounts.changePassword(
                    "carol", "wrong-current-pw".toCharArray(), "new-pass-phrase".toCharArray()))
        .isInstanceOf(InvalidCredentialsException.class);
    assertThatThrownBy(
            () ->
                accounts.changePassword(
                    "nobody", "wrong-current-pw".toCharArray(), "new-pass-phrase".toCharArray()))
        .isInstanceOf(InvalidCredentialsException.class)
        .hasMessage("Invalid username or password");
    assertThatThrownBy(
            () ->
                accounts.changePassword(
                    "carol", "tranquil-otter-lamp".toCharArray(), "12345678".toCharArray()))
        .isInstanceOf(WeakPasswordException.class);
    UserAccount changed =
        accounts.changePassword(
            "carol", "tranquil-otter-lamp".toCharArray(), "new-pass-phrase".toCharArray());
    assertThat(changed.passwordChangedAt()).isEqualTo(clock.instant());
    assertThat(hasher.verify("new-pass-phrase".toCharArray(), changed.passwordHash())).isTrue();
    assertThat(hasher.verify("tranquil-otter-lamp".toCharArray(), changed.passwordHash()))
        .isFalse();
  }

  @Test
  void adminOperations() {
    accounts.register("dan", "tranquil-otter-lamp".toCharArray(), Set.of("viewer"));
    assertThat(accounts.disable("dan").enabled()).isFalse();
    assertThat(accounts.enable("dan").enabled()).isTrue();
    assertThat(accounts.assignRoles("dan", Set.of("editor", "viewer")).roles())
        .containsExactlyInAnyOrder("editor", "viewer");
    assertThat(
            hasher.verify(
                "reset-by-admin-1".toCharArray(),
                accounts.resetPassword("dan", "reset-by-admin-1".toCharArray()).passwordHash()))
        .isTrue();
    assertThatThrownBy(() -> accounts.disable("ghost"))
        .isInstanceOf(UnknownUserException.class)
        .hasMessageContaining("ghost");
  }
}
