package dev.cloudnative.mesh.http;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads an HTTP {@code Retry-After} header value (RFC 9110 §10.2.3): either delay-seconds (a
 * non-negative integer) or an HTTP-date in any of the three formats a recipient must accept
 * (IMF-fixdate {@code Sun, 06 Nov 1994 08:49:37 GMT}, the obsolete RFC 850 {@code Sunday, 06-Nov-94
 * 08:49:37 GMT}, whose two-digit year is read as 1970..2069, and asctime {@code Sun Nov 6 08:49:37
 * 1994}). {@link MeshHttpClient} uses it to back an endpoint off ({@link
 * dev.cloudnative.mesh.ServiceMesh#backOff}); other transports may too. Stateless; thread-safe.
 */
public final class RetryAfter {

  /** The header's name. */
  public static final String HEADER = "Retry-After";

  private static final DateTimeFormatter RFC_850 =
      new DateTimeFormatterBuilder()
          .appendPattern("EEEE, dd-MMM-")
          .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
          .appendPattern(" HH:mm:ss zzz")
          .toFormatter(Locale.US);

  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
          .withZone(java.time.ZoneOffset.UTC);

  private RetryAfter() {}

  /**
   * @param value the header's value
   * @param now the time an HTTP-date is measured from: the response's {@code Date} when it has one
   *     (so that the server's clock is compared with itself), else the local clock
   * @return how long the server asked the client to wait ({@link Duration#ZERO} for a date in the
   *     past); empty when the value is neither form
   */
  public static Optional<Duration> parse(String value, Instant now) {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(now, "now");
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (isDigits(v)) {
      // More digits than a long holds ask for longer than anyone honours: saturate.
      long seconds = v.length() > 18 ? Long.MAX_VALUE : Long.parseLong(v);
      return Optional.of(Duration.ofSeconds(seconds));
    }
    return httpDate(v).map(date -> date.isAfter(now) ? Duration.between(now, date) : Duration.ZERO);
  }

  /**
   * @return the instant of an HTTP-date (any of the three formats); empty when it is none
   */
  public static Optional<Instant> httpDate(String value) {
    Objects.requireNonNull(value, "value");
    String v = value.trim();
    for (DateTimeFormatter format :
        new DateTimeFormatter[] {DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME}) {
      try {
        return Optional.of(ZonedDateTime.parse(v, format).toInstant());
      } catch (DateTimeException e) {
        // Not this format: try the next one.
      }
    }
    return Optional.empty();
  }

  private static boolean isDigits(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
