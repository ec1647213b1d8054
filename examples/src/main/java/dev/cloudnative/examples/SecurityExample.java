package dev.cloudnative.examples;

import dev.cloudnative.security.AccessDeniedException;
import dev.cloudnative.security.InvalidTokenException;
import dev.cloudnative.security.Rbac;
import dev.cloudnative.security.Security;
import dev.cloudnative.security.TokenClaims;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenPair;
import dev.cloudnative.security.WeakPasswordException;
import java.util.Set;

/**
 * The security scenario: register users (a common password is refused), log in, authorize with role
 * inheritance, refresh (and see a replayed refresh token end the session), revoke.
 */
public final class SecurityExample {

  private SecurityExample() {}

  public static void main(String[] args) {
    Security security =
        Security.custom()
            .tokens(
                TokenConfig.custom()
                    .issuer("https://auth.example.com")
                    .audience("orders-api")
                    .build())
            .rbac(
                Rbac.custom()
                    .grant("viewer", "orders:read")
                    .grant("editor", "orders:write")
                    .inherit("editor", "viewer")
                    .build())
            .build();
    run(security);
  }

  static void run(Security security) {
    try {
      security.accounts().register("bob", "password123".toCharArray(), Set.of("viewer"));
    } catch (WeakPasswordException e) {
      Example.say("registration refused: " + e.getMessage());
    }
    char[] password = "correct horse battery staple".toCharArray();
    security.accounts().register("alice", password, Set.of("editor"));
    Example.say("registered alice (Argon2id hash, role editor)");

    TokenPair pair = security.login("alice", password);
    Example.say(
        "login: access token for "
            + pair.accessToken().subject()
            + ", expires "
            + pair.accessToken().expiresAt());

    TokenClaims who = security.authorizer().require(pair.accessToken().value(), "orders:read");
    Example.say(
        "authorized orders:read for " + who.subject().orElse("?") + " through editor -> viewer");
    try {
      security.authorizer().require(pair.accessToken().value(), "orders:delete");
    } catch (AccessDeniedException e) {
      Example.say("denied: " + e.getMessage());
    }

    TokenPair next = security.tokens().refresh(pair.refreshToken());
    Example.say("refreshed: new access token " + next.accessToken().jwtId());
    try {
      security.tokens().refresh(pair.refreshToken());
    } catch (InvalidTokenException e) {
      Example.say(
          "replayed refresh token refused (" + e.reason() + "): the whole session is revoked");
    }
    Example.say("token after the replay: " + security.tokens().verify(next.accessToken().value()));

    TokenPair fresh = security.login("alice", password);
    security.tokens().revoke(fresh.accessToken().value());
    Example.say("revoked by jti: " + security.tokens().verify(fresh.accessToken().value()));
    Example.say(
        "public JWKS for resource servers: "
            + security.tokens().publicJwks().length()
            + " characters");
  }
}
