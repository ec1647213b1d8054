package dev.cloudnative.security.inmemory;

import dev.cloudnative.security.RevocationStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link RevocationStore} in two concurrent maps. Expired entries are purged every 256 writes, so
 * memory stays proportional to the tokens revoked within one token lifetime.
 *
 * <p>Thread-safety: safe for concurrent use; lookups are lock-free.
 */
public final class InMemoryRevocationStore implements RevocationStore {

  private static final int PURGE_EVERY = 256;

  private record Cutoff(Instant cutoff, Instant keepUntil) {}

  private final Clock clock;
  private final ConcurrentMap<String, Instant> revokedJwtIds = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Cutoff> cutoffs = new ConcurrentHashMap<>();
  private final AtomicInteger writes = new AtomicInteger();

  public InMemoryRevocationStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void revoke(String issuer, String jwtId, Instant tokenExpiresAt) {
    revokedJwtIds.merge(key(issuer, jwtId), tokenExpiresAt, (a, b) -> a.isAfter(b) ? a : b);
    maybePurge();
  }

  @Override
  public boolean isRevoked(String issuer, String jwtId) {
    return revokedJwtIds.containsKey(key(issuer, jwtId));
  }

  @Override
  public void revokeIssuedBefore(String issuer, String subject, Instant cutoff, Instant keepUntil) {
    cutoffs.merge(
        key(issuer, subject),
        new Cutoff(cutoff, keepUntil),
        (a, b) ->
            new Cutoff(
                a.cutoff.isAfter(b.cutoff) ? a.cutoff : b.cutoff,
                a.keepUntil.isAfter(b.keepUntil) ? a.keepUntil : b.keepUntil));
    maybePurge();
  }

  @Override
  public Optional<Instant> issuedBeforeCutoff(String issuer, String subject) {
    Cutoff c = cutoffs.get(key(issuer, subject));
    return c == null ? Optional.empty() : Optional.of(c.cutoff);
  }

  /** Number of revoked token ids currently remembered. */
  public int revokedCount() {
    return revokedJwtIds.size();
  }

  /** Drops entries whose tokens have all expired. */
  public void purgeExpired() {
    Instant now = clock.instant();
    revokedJwtIds.values().removeIf(exp -> exp.isBefore(now));
    cutoffs.values().removeIf(c -> c.keepUntil.isBefore(now));
  }

  private void maybePurge() {
    if (writes.incrementAndGet() % PURGE_EVERY == 0) {
      purgeExpired();
    }
  }

  private static String key(String a, String b) {
    // NUL cannot occur in a validated issuer, so the pair is unambiguous.
    return a + '\u0000' + b;
  }
}
