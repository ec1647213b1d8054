package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README flow, end to end: register → login → token → authorize → refresh → revoke. */
class SecurityFlowTest {

  @Test
  void registerLoginAuthorizeRefreshRevoke() {
    MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    Security security =
        Security.custom()
            .tokens(
                TokenConfig.custom()
                    .issuer("https://auth.example.com")
                    .audience("orders-api")
                    .clock(clock)
                    .build())
            .rbac(
                Rbac.custom()
                    .grant("viewer", "orders:read")
                    .grant("editor", "orders:write")
                    .inherit("editor", "viewer")
                    .build())
            .passwordHasher(CheapHashers.argon2id())
            .build();

    security
        .accounts()
        .register("alice", "correct horse battery staple".toCharArray(), Set.of("editor"));

    TokenPair pair = security.login("alice", "correct horse battery staple".toCharArray());
    String access = pair.accessToken().value();

    TokenClaims claims = security.authorizer().require(access, "orders:write");
    assertThat(claims.subject()).contains("alice");
    assertThat(claims.permissions()).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThatThrownBy(() -> security.authorizer().require(access, "users:manage"))
        .isInstanceOf(AccessDeniedException.class);

    clock.advance(Duration.ofMinutes(4));
    TokenPair next = security.tokens().refresh(pair.refreshToken());
    assertThat(security.authorizer().authorize(next.accessToken().value(), "orders:read")).isTrue();

    security.tokens().revoke(next.accessToken().value());
    assertThat(security.authorizer().authorize(next.accessToken().value(), "orders:read"))
        .isFalse();

    security.tokens().logout(next.refreshToken());
    assertThatThrownBy(() -> security.tokens().refresh(next.refreshToken()))
        .isInstanceOf(InvalidTokenException.class);

    assertThat(security.tokens().publicJwks()).contains("\"kty\":\"EC\"").doesNotContain("\"d\"");
  }

  @Test
  void passwordChangeAndDisableEndAllSessions() {
    MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    Security security =
        Security.custom()
            .tokens(TokenConfig.custom().issuer("iss").audience("api").clock(clock).build())
            .passwordHasher(CheapHashers.argon2id())
            .build();
    security.accounts().register("bob", "first-pass-phrase".toCharArray(), Set.of());
    TokenPair before = security.login("bob", "first-pass-phrase".toCharArray());
    clock.advance(Duration.ofSeconds(2));
    security.changePassword(
        "bob", "first-pass-phrase".toCharArray(), "second-pass-phrase".toCharArray());
    assertThat(security.tokens().verify(before.accessToken().value()).isValid()).isFalse();
    assertThatThrownBy(() -> security.tokens().refresh(before.refreshToken()))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> security.login("bob", "first-pass-phrase".toCharArray()))
        .isInstanceOf(InvalidCredentialsException.class);

    TokenPair after = security.login("bob", "second-pass-phrase".toCharArray());
    assertThat(security.tokens().verify(after.accessToken().value()).isValid()).isTrue();
    security.disable("bob");
    assertThat(security.tokens().verify(after.accessToken().value()).isValid()).isFalse();
    assertThatThrownBy(() -> security.login("bob", "second-pass-phrase".toCharArray()))
        .isInstanceOf(InvalidCredentialsException.class);
  }
}
