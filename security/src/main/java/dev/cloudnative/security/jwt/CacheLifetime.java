package dev.cloudnative.security.jwt;

import dev.cloudnative.security.RemoteJwksConfig;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * How long a fetched key set is fresh: {@code Cache-Control: max-age}, else {@code Expires}
 * (relative to the response's {@code Date}), else the configured default; {@code no-store} and
 * {@code no-cache} mean the minimum; the result is clamped to the configured bounds, so an issuer
 * can neither make us fetch on every request nor keep a key forever.
 *
 * <p>Thread-safety: stateless.
 */
final class CacheLifetime {

  private CacheLifetime() {}

  static Duration of(HttpHeaders headers, Instant now, RemoteJwksConfig config) {
    Duration maxAge = null;
    for (String value : headers.allValues("cache-control")) {
      for (String raw : value.split(",")) {
        String directive = raw.trim().toLowerCase(Locale.ROOT);
        if (directive.equals("no-store")
            || directive.equals("no-cache")
            || directive.startsWith("no-cache=")) {
          return config.minCacheDuration();
        }
        if (directive.startsWith("max-age=")) {
          maxAge = seconds(directive.substring(8)).orElse(maxAge);
        }
      }
    }
    Duration fresh =
        maxAge != null ? maxAge : expires(headers, now).orElse(config.defaultCacheDuration());
    return clamp(fresh, config);
  }

  private static Optional<Duration> expires(HttpHeaders headers, Instant now) {
    Optional<String> expires = headers.firstValue("expires");
    if (expires.isEmpty()) {
      return Optional.empty();
    }
    Instant base = headers.firstValue("date").flatMap(CacheLifetime::httpDate).orElse(now);
    // RFC 9111 5.3: an invalid Expires (such as "0") means already expired.
    return Optional.of(
        httpDate(expires.get()).map(e -> Duration.between(base, e)).orElse(Duration.ZERO));
  }

  private static Optional<Instant> httpDate(String value) {
    try {
      return Optional.of(
          ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> seconds(String value) {
    String v = value.trim();
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    if (v.isEmpty() || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
    } catch (NumberFormatException e) {
      // Too many digits to be an age: "very long", clamped to the maximum by the caller.
      return Optional.of(Duration.ofSeconds(Long.MAX_VALUE));
    }
  }

  private static Duration clamp(Duration d, RemoteJwksConfig config) {
    if (d.compareTo(config.minCacheDuration()) < 0) {
      return config.minCacheDuration();
    }
    return d.compareTo(config.maxCacheDuration()) > 0 ? config.maxCacheDuration() : d;
  }
}
