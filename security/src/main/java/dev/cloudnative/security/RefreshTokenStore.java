package dev.cloudnative.security;

import dev.cloudnative.security.inmemory.InMemoryRefreshTokenStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Refresh-token families. {@link #markUsed} is the single atomic step that makes rotation safe: of
 * two concurrent refreshes with the same token exactly one wins, and the other is treated as reuse.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use.
 */
public interface RefreshTokenStore {

  void save(RefreshTokenRecord record);

  Optional<RefreshTokenRecord> find(String tokenHash);

  /** Atomically marks the token used; true only for the first caller. */
  boolean markUsed(String tokenHash);

  /** Revokes a family and returns all its records (so their access tokens can be revoked too). */
  List<RefreshTokenRecord> revokeFamily(String familyId);

  boolean isFamilyRevoked(String familyId);

  /** Revokes every family of {@code subject} and returns their records. */
  List<RefreshTokenRecord> revokeSubject(String subject);

  static RefreshTokenStore inMemory(Clock clock) {
    return new InMemoryRefreshTokenStore(clock);
  }
}
