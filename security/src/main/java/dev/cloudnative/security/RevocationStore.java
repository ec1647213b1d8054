package dev.cloudnative.security;

import dev.cloudnative.security.inmemory.InMemoryRevocationStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Revoked token ids and per-subject cut-offs. An entry only needs to live until the tokens it
 * concerns have expired, so each carries its own expiry and stores may drop it afterwards. Behind
 * an interface so that a shared store (e.g. the storage module via core) can serve a cluster.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use.
 */
public interface RevocationStore {

  /**
   * Revokes the token ({@code iss}, {@code jti}); the entry may be forgotten after {@code
   * tokenExpiresAt}.
   */
  void revoke(String issuer, String jwtId, Instant tokenExpiresAt);

  boolean isRevoked(String issuer, String jwtId);

  /**
   * Invalidates every token of ({@code issuer}, {@code subject}) issued before {@code cutoff};
   * later calls can only move the cut-off forward. The entry may be forgotten after {@code
   * keepUntil}.
   */
  void revokeIssuedBefore(String issuer, String subject, Instant cutoff, Instant keepUntil);

  /** The cut-off of ({@code issuer}, {@code subject}), if any. */
  Optional<Instant> issuedBeforeCutoff(String issuer, String subject);

  static RevocationStore inMemory(Clock clock) {
    return new InMemoryRevocationStore(clock);
  }
}
