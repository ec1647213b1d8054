package dev.cloudnative.core.security;

import dev.cloudnative.core.CloudNativeException;
import dev.cloudnative.security.RefreshTokenRecord;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The text form of a {@link RefreshTokenRecord} (format {@code cn-sec/1}): ten payload lines {@code
 * name=value} in a fixed order ({@code tokenHash}, {@code familyId}, {@code subject}, {@code
 * roles}, {@code permissions}, {@code issuedAt}, {@code expiresAt}, {@code sessionExpiresAt},
 * {@code accessJwtId}, {@code accessExpiresAt}). Strings are URL-encoded (UTF-8), so no value holds
 * a newline or a comma; sets are {@code <count>:} and their values comma-separated in sorted order;
 * instants are ISO-8601. No Java serialization: the format is readable, versioned by the header,
 * and decoding refuses anything else.
 *
 * <p>Thread-safety: stateless, thread-safe.
 */
final class RecordCodec {

  private static final String[] FIELDS = {
    "tokenHash",
    "familyId",
    "subject",
    "roles",
    "permissions",
    "issuedAt",
    "expiresAt",
    "sessionExpiresAt",
    "accessJwtId",
    "accessExpiresAt"
  };

  private RecordCodec() {}

  static List<String> encode(RefreshTokenRecord r) {
    return List.of(
        "tokenHash=" + text(r.tokenHash()),
        "familyId=" + text(r.familyId()),
        "subject=" + text(r.subject()),
        "roles=" + set(r.roles()),
        "permissions=" + set(r.permissions()),
        "issuedAt=" + r.issuedAt(),
        "expiresAt=" + r.expiresAt(),
        "sessionExpiresAt=" + r.sessionExpiresAt(),
        "accessJwtId=" + text(r.accessJwtId()),
        "accessExpiresAt=" + r.accessExpiresAt());
  }

  static RefreshTokenRecord decode(String key, List<String> lines) {
    if (lines.size() != FIELDS.length) {
      throw bad(key, lines.size() + " payload lines, expected " + FIELDS.length);
    }
    String[] v = new String[FIELDS.length];
    for (int i = 0; i < FIELDS.length; i++) {
      String line = lines.get(i);
      if (!line.startsWith(FIELDS[i] + "=")) {
        throw bad(key, "line " + (i + 2) + " is not " + FIELDS[i] + "=...");
      }
      v[i] = line.substring(FIELDS[i].length() + 1);
    }
    try {
      return new RefreshTokenRecord(
          untext(v[0]),
          untext(v[1]),
          untext(v[2]),
          unset(v[3]),
          unset(v[4]),
          instant(key, v[5]),
          instant(key, v[6]),
          instant(key, v[7]),
          untext(v[8]),
          instant(key, v[9]));
    } catch (IllegalArgumentException e) {
      throw new CloudNativeException("security store entry " + key + " is corrupt", e);
    }
  }

  static Instant instant(String key, String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new CloudNativeException(
          "security store entry " + key + " holds '" + s + "' where an ISO-8601 instant belongs",
          e);
    }
  }

  private static String text(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String untext(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String set(Set<String> values) {
    List<String> encoded = new ArrayList<>();
    for (String s : new TreeSet<>(values)) {
      encoded.add(text(s));
    }
    // the count keeps an empty set apart from a set holding one empty string
    return encoded.size() + ":" + String.join(",", encoded);
  }

  private static Set<String> unset(String s) {
    int colon = s.indexOf(':');
    int count = colon < 1 ? -1 : Integer.parseInt(s.substring(0, colon));
    String[] parts = count == 0 ? new String[0] : s.substring(colon + 1).split(",", -1);
    if (count != parts.length) {
      throw new IllegalArgumentException("set '" + s + "' does not hold its count of values");
    }
    Set<String> values = new LinkedHashSet<>();
    for (String part : parts) {
      values.add(untext(part));
    }
    return values;
  }

  private static CloudNativeException bad(String key, String why) {
    return new CloudNativeException(
        "security store entry "
            + key
            + " is not a "
            + ExpiringEntries.FORMAT
            + " refresh record: "
            + why);
  }
}
