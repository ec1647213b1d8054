package dev.cloudnative.core.security;

import dev.cloudnative.security.RevocationStore;
import dev.cloudnative.storage.KeyValueStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RevocationStore} kept in a {@link KeyValueStore}: over file or Redis nodes a revoked
 * token stays revoked across a restart of the process, and every instance over the same store sees
 * the same revocations.
 *
 * <p>Layout (all values UTF-8 text, first line {@code cn-sec/1 <expires-at>}, see {@link
 * #over(KeyValueStore, Clock, String)} for the prefix):
 *
 * <ul>
 *   <li>{@code <prefix>revoked/<sha256(issuer NUL jti)>}: a revoked token id; no payload, expires
 *       with the token;
 *   <li>{@code <prefix>cutoff/<sha256(issuer NUL subject)>}: one payload line, the cut-off instant
 *       (ISO-8601); expires at its {@code keepUntil}.
 * </ul>
 *
 * <p>An expired entry is absent and deleted when read; entries never read again are swept through
 * an hourly expiry index (every 256 writes, or {@link #purgeExpired}). Keys hold only digests, so
 * the store does not list who was revoked.
 *
 * <p>Consistency: a revocation is acknowledged only once the store's write consistency is met
 * ({@code QuorumNotReachedException} otherwise), so a revoke that returned is never forgotten while
 * W + R &gt; N holds. Moving a cut-off forward is a read-modify-write under a lock of this
 * instance; two instances moving the same subject's cut-off in the same moment can leave the
 * earlier of the two (last write wins), which matters only if a token was issued between the two
 * cut-offs.
 *
 * <p>Thread-safety: thread-safe. The store stays the caller's: this class never closes it.
 */
public final class KeyValueRevocationStore implements RevocationStore {

  /** The key prefix of {@link #over(KeyValueStore, Clock)}. */
  public static final String DEFAULT_PREFIX = "cloudnative/security/";

  private final ExpiringEntries entries;

  private KeyValueRevocationStore(ExpiringEntries entries) {
    this.entries = entries;
  }

  /** A store under {@link #DEFAULT_PREFIX}, telling expiry by {@code clock}. */
  public static KeyValueRevocationStore over(KeyValueStore store, Clock clock) {
    return over(store, clock, DEFAULT_PREFIX);
  }

  /**
   * A store whose keys all start with {@code keyPrefix} (so several issuers or applications can
   * share one key-value store).
   *
   * @throws IllegalArgumentException if the prefix is empty, longer than 200 characters or holds a
   *     control character
   */
  public static KeyValueRevocationStore over(KeyValueStore store, Clock clock, String keyPrefix) {
    return new KeyValueRevocationStore(
        new ExpiringEntries(
            Objects.requireNonNull(store, "store"),
            Objects.requireNonNull(clock, "clock"),
            ExpiringEntries.checkPrefix(keyPrefix)));
  }

  @Override
  public void revoke(String issuer, String jwtId, Instant tokenExpiresAt) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(jwtId, "jwtId");
    Objects.requireNonNull(tokenExpiresAt, "tokenExpiresAt");
    String key = entries.key("revoked", issuer, jwtId);
    entries.locked(
        key,
        () -> {
          Optional<ExpiringEntries.Entry> existing = entries.get(key);
          if (existing.isEmpty() || existing.get().expiresAt().isBefore(tokenExpiresAt)) {
            entries.put(key, List.of(), tokenExpiresAt);
          }
          return null;
        });
  }

  @Override
  public boolean isRevoked(String issuer, String jwtId) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(jwtId, "jwtId");
    return entries.get(entries.key("revoked", issuer, jwtId)).isPresent();
  }

  @Override
  public void revokeIssuedBefore(String issuer, String subject, Instant cutoff, Instant keepUntil) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(cutoff, "cutoff");
    Objects.requireNonNull(keepUntil, "keepUntil");
    String key = entries.key("cutoff", issuer, subject);
    entries.locked(
        key,
        () -> {
          Optional<ExpiringEntries.Entry> existing = entries.get(key);
          Instant newCutoff = cutoff;
          Instant newKeep = keepUntil;
          if (existing.isPresent()) {
            Instant oldCutoff = parseCutoff(key, existing.get());
            if (!oldCutoff.isBefore(cutoff) && !existing.get().expiresAt().isBefore(keepUntil)) {
              return null; // nothing moves forward
            }
            newCutoff = oldCutoff.isAfter(cutoff) ? oldCutoff : cutoff;
            newKeep =
                existing.get().expiresAt().isAfter(keepUntil)
                    ? existing.get().expiresAt()
                    : keepUntil;
          }
          entries.put(key, List.of(newCutoff.toString()), newKeep);
          return null;
        });
  }

  @Override
  public Optional<Instant> issuedBeforeCutoff(String issuer, String subject) {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(subject, "subject");
    String key = entries.key("cutoff", issuer, subject);
    return entries.get(key).map(e -> parseCutoff(key, e));
  }

  /**
   * Deletes the entries of every hour that has fully passed since the last sweep (by any instance
   * over the same store and prefix); returns how many.
   */
  public int purgeExpired() {
    return entries.purgeExpired();
  }

  private static Instant parseCutoff(String key, ExpiringEntries.Entry e) {
    return RecordCodec.instant(key, e.payload().isEmpty() ? "" : e.payload().get(0));
  }
}
