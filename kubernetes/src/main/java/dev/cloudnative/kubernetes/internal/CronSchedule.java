package dev.cloudnative.kubernetes.internal;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CronJob's {@code spec.schedule} in the standard five-field syntax the CronJob controller
 * accepts (robfig/cron's standard parser): minute, hour, day of month, month, day of week, each
 * {@code *}, a value, a range {@code a-b}, a step {@code * /n} or {@code a-b/n}, or a comma list of
 * them; month and day names ({@code JAN}, {@code MON}); day of week 0 or 7 for Sunday; and the
 * macros {@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight}, {@code @hourly}. When both day fields are restricted a day matches either, as
 * in cron.
 *
 * <p>Immutable and therefore thread-safe. Not API.
 */
public final class CronSchedule {

  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final String[] MONTHS = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domRestricted;
  private final boolean dowRestricted;

  private CronSchedule(String[] f) {
    minutes = field(f[0], 0, 59, null);
    hours = field(f[1], 0, 23, null);
    daysOfMonth = field(f[2], 1, 31, null);
    months = field(f[3], 1, 12, MONTHS);
    BitSet dow = field(f[4], 0, 7, DAYS);
    if (dow.get(7)) {
      dow.set(0);
    }
    daysOfWeek = dow;
    domRestricted = !f[2].startsWith("*");
    dowRestricted = !f[4].startsWith("*");
  }

  /**
   * Parses {@code schedule}; throws {@link IllegalArgumentException} saying what is wrong and what
   * is allowed.
   */
  public static CronSchedule parse(String schedule) {
    if (schedule == null || schedule.isBlank()) {
      throw new IllegalArgumentException(
          "empty schedule; expected five fields such as */5 * * * *");
    }
    String s = MACROS.getOrDefault(schedule.trim().toLowerCase(Locale.ROOT), schedule.trim());
    String[] f = s.split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException(
          "'"
              + schedule
              + "' has "
              + f.length
              + " fields; expected five (minute hour day-of-month month day-of-week) or a macro"
              + " such as @hourly");
    }
    return new CronSchedule(f);
  }

  private static BitSet field(String spec, int min, int max, String[] names) {
    BitSet bits = new BitSet(max + 1);
    for (String part : spec.split(",", -1)) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 1, Integer.MAX_VALUE, null, spec);
        range = part.substring(0, slash);
      }
      int lo;
      int hi;
      if (range.equals("*")) {
        lo = min;
        hi = max;
      } else if (range.contains("-")) {
        String[] ends = range.split("-", 2);
        lo = number(ends[0], min, max, names, spec);
        hi = number(ends[1], min, max, names, spec);
      } else {
        lo = number(range, min, max, names, spec);
        hi = slash >= 0 ? max : lo;
      }
      if (lo > hi) {
        throw new IllegalArgumentException("range " + range + " in '" + spec + "' runs backwards");
      }
      for (int v = lo; v <= hi; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String text, int min, int max, String[] names, String spec) {
    if (names != null) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equalsIgnoreCase(text)) {
          return names == MONTHS ? i + 1 : i;
        }
      }
    }
    int v;
    try {
      v = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' in '" + spec + "' is not a number");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(v + " in '" + spec + "' is outside " + min + "-" + max);
    }
    return v;
  }

  /** The first scheduled minute strictly after {@code after} in {@code zone}; empty if none. */
  public Optional<Instant> next(Instant after, ZoneId zone) {
    ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    ZonedDateTime limit = t.plusYears(5);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return Optional.of(t.toInstant());
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    DayOfWeek d = t.getDayOfWeek();
    boolean dow = daysOfWeek.get(d.getValue() % 7);
    if (domRestricted && dowRestricted) {
      return dom || dow;
    }
    return dom && dow;
  }
}
