package dev.cloudnative.security.inmemory;

import dev.cloudnative.security.RefreshTokenRecord;
import dev.cloudnative.security.RefreshTokenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link RefreshTokenStore} in concurrent maps: records by token hash (each with an atomic "used"
 * flag), members by family, families by subject, and revoked families. Records past their session's
 * end are purged every 256 writes.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {

  private static final int PURGE_EVERY = 256;

  private record Entry(RefreshTokenRecord record, AtomicBoolean used) {}

  private final Clock clock;
  private final ConcurrentMap<String, Entry> byHash = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Set<String>> familyMembers = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Set<String>> familiesBySubject = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Instant> revokedFamilies = new ConcurrentHashMap<>();
  private final AtomicInteger writes = new AtomicInteger();

  public InMemoryRefreshTokenStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void save(RefreshTokenRecord record) {
    byHash.put(record.tokenHash(), new Entry(record, new AtomicBoolean()));
    familyMembers
        .computeIfAbsent(record.familyId(), k -> ConcurrentHashMap.newKeySet())
        .add(record.tokenHash());
    familiesBySubject
        .computeIfAbsent(record.subject(), k -> ConcurrentHashMap.newKeySet())
        .add(record.familyId());
    if (writes.incrementAndGet() % PURGE_EVERY == 0) {
      purgeExpired();
    }
  }

  @Override
  public Optional<RefreshTokenRecord> find(String tokenHash) {
    Entry e = byHash.get(tokenHash);
    return e == null ? Optional.empty() : Optional.of(e.record);
  }

  @Override
  public boolean markUsed(String tokenHash) {
    Entry e = byHash.get(tokenHash);
    return e != null && e.used.compareAndSet(false, true);
  }

  @Override
  public List<RefreshTokenRecord> revokeFamily(String familyId) {
    List<RefreshTokenRecord> records = new ArrayList<>();
    Instant keepUntil = Instant.MIN;
    for (String hash : familyMembers.getOrDefault(familyId, Set.of())) {
      Entry e = byHash.get(hash);
      if (e != null) {
        records.add(e.record);
        if (e.record.sessionExpiresAt().isAfter(keepUntil)) {
          keepUntil = e.record.sessionExpiresAt();
        }
      }
    }
    revokedFamilies.put(familyId, keepUntil == Instant.MIN ? clock.instant() : keepUntil);
    return records;
  }

  @Override
  public boolean isFamilyRevoked(String familyId) {
    return revokedFamilies.containsKey(familyId);
  }

  @Override
  public List<RefreshTokenRecord> revokeSubject(String subject) {
    List<RefreshTokenRecord> records = new ArrayList<>();
    for (String family : familiesBySubject.getOrDefault(subject, Set.of())) {
      records.addAll(revokeFamily(family));
    }
    return records;
  }

  /** Drops records (and family bookkeeping) whose session has ended. */
  public void purgeExpired() {
    Instant now = clock.instant();
    byHash.values().removeIf(e -> e.record.sessionExpiresAt().isBefore(now));
    familyMembers.values().forEach(members -> members.removeIf(h -> !byHash.containsKey(h)));
    familyMembers.values().removeIf(Set::isEmpty);
    familiesBySubject
        .values()
        .forEach(families -> families.removeIf(f -> !familyMembers.containsKey(f)));
    familiesBySubject.values().removeIf(Set::isEmpty);
    revokedFamilies.values().removeIf(until -> until.isBefore(now));
  }

  /** Number of remembered refresh tokens. */
  public int size() {
    return byHash.size();
  }
}
