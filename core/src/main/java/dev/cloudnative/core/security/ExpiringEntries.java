package dev.cloudnative.core.security;

import dev.cloudnative.core.CloudNativeException;
import dev.cloudnative.storage.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Text entries with an expiry in a {@link KeyValueStore}, the layer both token stores share.
 *
 * <p>Every value is UTF-8 text whose first line is {@code cn-sec/1 <expires-at>} (ISO-8601 instant)
 * and whose other lines are the store's payload; an entry is absent once its expiry is before the
 * clock's now, and is deleted when it is read so. Entries that are never read again are found
 * through an expiry index: each write also appends its key to the bucket of the hour it expires in
 * ({@code <prefix>expiry/<hour>/<shard>}, 16 shards so one bucket stays small), and {@link
 * #purgeExpired} (every 256 writes, or called) deletes the expired keys of every hour that has
 * fully passed since the last sweep ({@code <prefix>expiry/cursor}). Keys are the prefix, a kind
 * and the SHA-256 of the caller's identifiers, so they stay short whatever the identifiers.
 *
 * <p>The store has no compare-and-set (its writes are last-write-wins by version), so every
 * read-modify-write here runs under one of 64 striped locks of this instance: atomic for every
 * thread of this JVM. Two JVMs over one store can still interleave a read-modify-write; what that
 * can cost is said by each token store.
 *
 * <p>Thread-safety: thread-safe (striped locks for read-modify-write, the store for the rest).
 */
final class ExpiringEntries {

  static final String FORMAT = "cn-sec/1";
  private static final int STRIPES = 64;
  private static final int SHARDS = 16;
  private static final int PURGE_EVERY = 256;

  /** Hours swept per purge at most, so a purge after a long outage stays bounded. */
  private static final int MAX_HOURS_PER_PURGE = 48;

  private final KeyValueStore store;
  private final Clock clock;
  private final String prefix;
  private final Object[] locks = new Object[STRIPES];
  private final AtomicInteger writes = new AtomicInteger();
  private final Object purgeLock = new Object();

  ExpiringEntries(KeyValueStore store, Clock clock, String prefix) {
    this.store = store;
    this.clock = clock;
    this.prefix = prefix;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /** The prefix, if it is one a key can start with. */
  static String checkPrefix(String keyPrefix) {
    java.util.Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (keyPrefix.isEmpty()
        || keyPrefix.length() > 200
        || keyPrefix.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "key prefix '"
              + keyPrefix.replaceAll("\\p{Cntrl}", "?")
              + "' ("
              + keyPrefix.length()
              + " characters) is not allowed; allowed: 1..200 characters, no control characters");
    }
    return keyPrefix;
  }

  Clock clock() {
    return clock;
  }

  /** {@code <prefix><kind>/<sha256 hex of the parts joined by NUL>}. */
  String key(String kind, String... parts) {
    return prefix + kind + "/" + sha256Hex(String.join("\u0000", parts));
  }

  /** The payload lines of a live entry; an expired one is deleted and reported absent. */
  Optional<Entry> get(String key) {
    Optional<String> raw = store.getString(key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    Entry entry = decode(key, raw.get());
    if (entry.expiresAt().isBefore(clock.instant())) {
      deleteIfStillExpired(key);
      return Optional.empty();
    }
    return Optional.of(entry);
  }

  /** Writes the entry and registers it in its expiry bucket. */
  void put(String key, List<String> payload, Instant expiresAt) {
    StringBuilder value = new StringBuilder(FORMAT).append(' ').append(expiresAt);
    for (String line : payload) {
      value.append('\n').append(line);
    }
    store.putString(key, value.toString());
    index(key, expiresAt);
    if (writes.incrementAndGet() % PURGE_EVERY == 0) {
      purgeExpired();
    }
  }

  /** Runs {@code action} holding the stripe lock of {@code key}. */
  <T> T locked(String key, Supplier<T> action) {
    synchronized (locks[Math.floorMod(key.hashCode(), STRIPES)]) {
      return action.get();
    }
  }

  /**
   * Deletes the expired entries of every hour that has passed since the last sweep; returns how
   * many it deleted.
   */
  int purgeExpired() {
    synchronized (purgeLock) {
      long hourNow = hourOf(clock.instant());
      String cursorKey = prefix + "expiry/cursor";
      long swept = store.getString(cursorKey).map(ExpiringEntries::parseHour).orElse(hourNow - 1);
      int deleted = 0;
      long last = Math.min(hourNow - 1, swept + MAX_HOURS_PER_PURGE);
      for (long hour = swept + 1; hour <= last; hour++) {
        for (int shard = 0; shard < SHARDS; shard++) {
          String bucket = bucketKey(hour, shard);
          Optional<String> keys = store.getString(bucket);
          if (keys.isEmpty()) {
            continue;
          }
          for (String key : keys.get().split("\n", -1)) {
            if (!key.isEmpty() && deleteIfStillExpired(key)) {
              deleted++;
            }
          }
          store.deleteString(bucket);
        }
      }
      if (last > swept || store.getString(cursorKey).isEmpty()) {
        store.putString(cursorKey, Long.toString(Math.max(last, swept)));
      }
      return deleted;
    }
  }

  private boolean deleteIfStillExpired(String key) {
    // re-read under the key's lock: a write of this JVM may have renewed it since
    return locked(
        key,
        () -> {
          Optional<String> raw = store.getString(key);
          if (raw.isPresent() && decode(key, raw.get()).expiresAt().isBefore(clock.instant())) {
            store.deleteString(key);
            return true;
          }
          return false;
        });
  }

  private void index(String key, Instant expiresAt) {
    long hour = Math.max(hourOf(expiresAt), hourOf(clock.instant()));
    String bucket = bucketKey(hour, Math.floorMod(key.hashCode(), SHARDS));
    locked(
        bucket,
        () -> {
          Optional<String> existing = store.getString(bucket);
          if (existing.isEmpty()) {
            store.putString(bucket, key);
          } else if (!containsLine(existing.get(), key)) {
            store.putString(bucket, existing.get() + "\n" + key);
          }
          return null;
        });
  }

  private String bucketKey(long hour, int shard) {
    return prefix + "expiry/" + hour + "/" + shard;
  }

  private static boolean containsLine(String lines, String line) {
    return ("\n" + lines + "\n").contains("\n" + line + "\n");
  }

  private static long hourOf(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), Duration.ofHours(1).toSeconds());
  }

  private static long parseHour(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new CloudNativeException("security store expiry cursor is not an hour number: " + s, e);
    }
  }

  private static Entry decode(String key, String raw) {
    String[] lines = raw.split("\n", -1);
    String head = lines[0];
    if (!head.startsWith(FORMAT + " ")) {
      throw new CloudNativeException(
          "security store entry "
              + key
              + " is not in format "
              + FORMAT
              + " (first line: "
              + head.substring(0, Math.min(head.length(), 40))
              + ")");
    }
    Instant expiresAt;
    try {
      expiresAt = Instant.parse(head.substring(FORMAT.length() + 1));
    } catch (DateTimeParseException e) {
      throw new CloudNativeException("security store entry " + key + " has a bad expiry", e);
    }
    List<String> payload = new ArrayList<>(lines.length - 1);
    for (int i = 1; i < lines.length; i++) {
      payload.add(lines[i]);
    }
    return new Entry(expiresAt, List.copyOf(payload));
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /**
   * One decoded entry.
   *
   * @param expiresAt when it stops existing
   * @param payload its lines after the header
   */
  record Entry(Instant expiresAt, List<String> payload) {}
}
