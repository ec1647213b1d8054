package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A refresh carries the account as it is now, not as it was at login. */
class RefreshReadsCurrentAccountTest {

  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
  private final UserStore users = UserStore.inMemory();
  private final Security security =
      Security.custom()
          .tokens(TokenConfig.custom().issuer("iss").audience("api").clock(clock).build())
          .rbac(
              Rbac.custom().grant("viewer", "orders:read").grant("editor", "orders:write").build())
          .users(users)
          .passwordHasher(CheapHashers.argon2id())
          .build();

  @Test
  void aRoleRemovedBetweenLoginAndRefreshIsGoneFromTheRefreshedToken() {
    security.accounts().register("alice", PASSWORD.clone(), Set.of("viewer", "editor"));
    TokenPair pair = security.login("alice", PASSWORD.clone());
    assertThat(claims(pair).roles()).containsExactlyInAnyOrder("viewer", "editor");

    security.accounts().assignRoles("alice", Set.of("viewer"));
    clock.advance(Duration.ofMinutes(1));
    TokenPair next = security.tokens().refresh(pair.refreshToken());

    TokenClaims refreshed = claims(next);
    assertThat(refreshed.roles()).containsExactly("viewer");
    assertThat(refreshed.permissions()).containsExactly("orders:read");
    assertThat(security.authorizer().authorize(next.accessToken().value(), "orders:write"))
        .isFalse();
    // and the rotation after that starts from the new roles too
    security.accounts().assignRoles("alice", Set.of("viewer", "editor"));
    assertThat(claims(security.tokens().refresh(next.refreshToken())).permissions())
        .containsExactlyInAnyOrder("orders:read", "orders:write");
  }

  @Test
  void aDisabledAccountCannotRefreshAndItsSessionIsRevoked() {
    security.accounts().register("bob", PASSWORD.clone(), Set.of("viewer"));
    TokenPair pair = security.login("bob", PASSWORD.clone());
    // through the account service, not Security.disable: no revokeAll ran, so the refresh itself
    // must notice
    security.accounts().disable("bob");
    assertThatThrownBy(() -> security.tokens().refresh(pair.refreshToken()))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.ACCOUNT_DISABLED));
    assertThat(security.tokens().verify(pair.accessToken().value()).isValid()).isFalse();

    security.accounts().enable("bob");
    assertThatThrownBy(() -> security.tokens().refresh(pair.refreshToken()))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectionReason.REVOKED));
  }

  @Test
  void aDeletedAccountCannotRefresh() {
    security.accounts().register("carol", PASSWORD.clone(), Set.of("viewer"));
    TokenPair pair = security.login("carol", PASSWORD.clone());
    assertThat(users.delete("carol")).isTrue();
    assertThatThrownBy(() -> security.tokens().refresh(pair.refreshToken()))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectionReason.ACCOUNT_DELETED);
              assertThat(e.getMessage()).contains("carol");
            });
  }

  @Test
  void withoutAUserStoreTheLoginGrantsAreKept() {
    TokenService tokens =
        TokenService.create(
            TokenConfig.custom().issuer("iss").audience("api").clock(clock).build(),
            KeyRing.generate(),
            RevocationStore.inMemory(clock),
            RefreshTokenStore.inMemory(clock));
    TokenPair pair = tokens.login("batch-job", Set.of("worker"), Set.of("jobs:run"));
    TokenPair next = tokens.refresh(pair.refreshToken());
    TokenClaims claims =
        ((VerificationResult.Valid) tokens.verify(next.accessToken().value())).claims();
    assertThat(claims.roles()).containsExactly("worker");
    assertThat(claims.permissions()).containsExactly("jobs:run");
  }

  private TokenClaims claims(TokenPair pair) {
    return ((VerificationResult.Valid) security.tokens().verify(pair.accessToken().value()))
        .claims();
  }
}
