package dev.cloudnative.core.security;

import dev.cloudnative.core.CloudNativeException;
import dev.cloudnative.security.RefreshTokenRecord;
import dev.cloudnative.security.RefreshTokenStore;
import dev.cloudnative.storage.KeyValueStore;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link RefreshTokenStore} kept in a {@link KeyValueStore}: over file or Redis nodes refresh
 * families survive a restart of the process, so a refresh token used before the restart is still
 * detected as reused after it, and a revoked session stays revoked.
 *
 * <p>Layout (all values UTF-8 text, first line {@code cn-sec/1 <expires-at>}; every entry of a
 * family expires with the family's session):
 *
 * <ul>
 *   <li>{@code <prefix>token/<sha256(tokenHash)>}: the record, in the ten-line form of {@code
 *       RecordCodec} ({@code name=value}, URL-encoded strings, ISO-8601 instants);
 *   <li>{@code <prefix>used/<sha256(tokenHash)>}: present once the token was used;
 *   <li>{@code <prefix>family/<sha256(familyId)>}: the token hashes of the family, one a line;
 *   <li>{@code <prefix>subject/<sha256(subject)>}: the subject's families, {@code <familyId>
 *       <session-expires-at>} a line (ended sessions are dropped on the next save);
 *   <li>{@code <prefix>family-revoked/<sha256(familyId)>}: present while the family is revoked.
 * </ul>
 *
 * <p>Atomicity: the key-value store is last-write-wins with no compare-and-set, so {@link
 * #markUsed} is a check-then-write under a lock of this instance: of any number of threads of this
 * JVM exactly one wins. Across JVMs sharing the store it is not atomic: two instances presented the
 * same token within the same read-and-write round trip can both win (the reuse then goes unnoticed;
 * any later presentation of either token is still caught). The index writes ({@code family}, {@code
 * subject}) are read-modify-writes with the same caveat; the token service's subject cut-off (in
 * the revocation store) covers a family that a concurrent login of the same subject on another
 * instance dropped from the subject's list.
 *
 * <p>Thread-safety: thread-safe. The store stays the caller's: this class never closes it.
 */
public final class KeyValueRefreshTokenStore implements RefreshTokenStore {

  private final ExpiringEntries entries;

  private KeyValueRefreshTokenStore(ExpiringEntries entries) {
    this.entries = entries;
  }

  /**
   * A store under {@link KeyValueRevocationStore#DEFAULT_PREFIX}, telling expiry by {@code clock}.
   */
  public static KeyValueRefreshTokenStore over(KeyValueStore store, Clock clock) {
    return over(store, clock, KeyValueRevocationStore.DEFAULT_PREFIX);
  }

  /**
   * A store whose keys all start with {@code keyPrefix}.
   *
   * @throws IllegalArgumentException if the prefix is empty, longer than 200 characters or holds a
   *     control character
   */
  public static KeyValueRefreshTokenStore over(KeyValueStore store, Clock clock, String keyPrefix) {
    return new KeyValueRefreshTokenStore(
        new ExpiringEntries(
            Objects.requireNonNull(store, "store"),
            Objects.requireNonNull(clock, "clock"),
            ExpiringEntries.checkPrefix(keyPrefix)));
  }

  @Override
  public void save(RefreshTokenRecord record) {
    Objects.requireNonNull(record, "record");
    Instant until = record.sessionExpiresAt();
    String tokenKey = entries.key("token", record.tokenHash());
    entries.put(tokenKey, RecordCodec.encode(record), until);
    String familyKey = entries.key("family", record.familyId());
    entries.locked(
        familyKey,
        () -> {
          Optional<ExpiringEntries.Entry> family = entries.get(familyKey);
          List<String> members = new ArrayList<>();
          Instant familyUntil = until;
          if (family.isPresent()) {
            members.addAll(family.get().payload());
            familyUntil = later(familyUntil, family.get().expiresAt());
          }
          String member = encode(record.tokenHash());
          if (!members.contains(member)) {
            members.add(member);
          }
          entries.put(familyKey, members, familyUntil);
          return null;
        });
    String subjectKey = entries.key("subject", record.subject());
    entries.locked(
        subjectKey,
        () -> {
          Map<String, Instant> families = subjectFamilies(subjectKey);
          Instant now = entries.clock().instant();
          families.values().removeIf(end -> end.isBefore(now));
          families.merge(encode(record.familyId()), until, KeyValueRefreshTokenStore::later);
          List<String> lines = new ArrayList<>();
          Instant subjectUntil = until;
          for (Map.Entry<String, Instant> f : families.entrySet()) {
            lines.add(f.getKey() + " " + f.getValue());
            subjectUntil = later(subjectUntil, f.getValue());
          }
          entries.put(subjectKey, lines, subjectUntil);
          return null;
        });
  }

  @Override
  public Optional<RefreshTokenRecord> find(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    String key = entries.key("token", tokenHash);
    return entries.get(key).map(e -> RecordCodec.decode(key, e.payload()));
  }

  @Override
  public boolean markUsed(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    String usedKey = entries.key("used", tokenHash);
    return entries.locked(
        usedKey,
        () -> {
          Optional<RefreshTokenRecord> record = find(tokenHash);
          if (record.isEmpty() || entries.get(usedKey).isPresent()) {
            return false;
          }
          entries.put(usedKey, List.of(), record.get().sessionExpiresAt());
          return true;
        });
  }

  @Override
  public List<RefreshTokenRecord> revokeFamily(String familyId) {
    Objects.requireNonNull(familyId, "familyId");
    List<RefreshTokenRecord> records = new ArrayList<>();
    Instant keepUntil = entries.clock().instant();
    Optional<ExpiringEntries.Entry> family = entries.get(entries.key("family", familyId));
    if (family.isPresent()) {
      for (String member : family.get().payload()) {
        Optional<RefreshTokenRecord> r = find(decode(member));
        if (r.isPresent()) {
          records.add(r.get());
          keepUntil = later(keepUntil, r.get().sessionExpiresAt());
        }
      }
    }
    String revokedKey = entries.key("family-revoked", familyId);
    Instant until = keepUntil;
    entries.locked(
        revokedKey,
        () -> {
          Optional<ExpiringEntries.Entry> existing = entries.get(revokedKey);
          if (existing.isEmpty() || existing.get().expiresAt().isBefore(until)) {
            entries.put(revokedKey, List.of(), until);
          }
          return null;
        });
    return records;
  }

  @Override
  public boolean isFamilyRevoked(String familyId) {
    Objects.requireNonNull(familyId, "familyId");
    return entries.get(entries.key("family-revoked", familyId)).isPresent();
  }

  @Override
  public List<RefreshTokenRecord> revokeSubject(String subject) {
    Objects.requireNonNull(subject, "subject");
    List<RefreshTokenRecord> records = new ArrayList<>();
    for (String family : subjectFamilies(entries.key("subject", subject)).keySet()) {
      records.addAll(revokeFamily(decode(family)));
    }
    return records;
  }

  /**
   * Deletes the entries of every hour that has fully passed since the last sweep (by any instance
   * over the same store and prefix); returns how many.
   */
  public int purgeExpired() {
    return entries.purgeExpired();
  }

  private Map<String, Instant> subjectFamilies(String subjectKey) {
    Map<String, Instant> families = new LinkedHashMap<>();
    Optional<ExpiringEntries.Entry> entry = entries.get(subjectKey);
    if (entry.isPresent()) {
      for (String line : entry.get().payload()) {
        int space = line.indexOf(' ');
        if (space < 0) {
          throw new CloudNativeException(
              "security store entry " + subjectKey + " has a family line without its end: " + line);
        }
        families.put(
            line.substring(0, space), RecordCodec.instant(subjectKey, line.substring(space + 1)));
      }
    }
    return families;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
