package dev.cloudnative.core.security;

import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenPair;
import dev.cloudnative.security.TokenService;
import dev.cloudnative.storage.KeyValueStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;

/**
 * The first life of {@link TokenStoresRestartTest}, run in a child JVM: over a file node in the
 * given directory it logs "alice" in, refreshes once (so the first refresh token is used), revokes
 * the refreshed access token and a cut-off for "bob", then prints the first refresh token, the
 * second one and the revoked access token's jti, one a line, and exits.
 */
public final class TokenStoresWriterMain {

  private TokenStoresWriterMain() {}

  public static void main(String[] args) {
    Clock clock = Clock.systemUTC();
    try (KeyValueStore kv = Stores.file(Path.of(args[0]))) {
      TokenService tokens =
          TokenService.create(
              TokenConfig.custom().issuer(TokenStoresRestartTest.ISSUER).audience("api").build(),
              KeyRing.generate(),
              KeyValueRevocationStore.over(kv, clock),
              KeyValueRefreshTokenStore.over(kv, clock));
      TokenPair first = tokens.login("alice", Set.of("viewer"), Set.of("orders:read"));
      TokenPair second = tokens.refresh(first.refreshToken());
      tokens.revoke(second.accessToken().value());
      tokens.revokeAll("bob");
      System.out.println(first.refreshToken());
      System.out.println(second.refreshToken());
      System.out.println(second.accessToken().jwtId());
    }
  }
}
