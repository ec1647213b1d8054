package dev.cloudnative.docker.inmemory.busybox;

import dev.cloudnative.docker.inmemory.ContainerProgram;
import dev.cloudnative.docker.inmemory.ProgramContext;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code sleep N[smhd]...}: sleeps for the sum of its arguments (decimals allowed, {@code inf} or
 * {@code infinity} for ever). Ends with 143 as soon as stop is requested, like a process that
 * SIGTERM ends.
 *
 * <p>Stateless and thread-safe.
 */
final class Sleep implements ContainerProgram {
  private static final Duration FOREVER = Duration.ofDays(365 * 100);

  @Override
  public int run(ProgramContext context) throws InterruptedException {
    if (context.args().size() < 2) {
      context.err("Usage: sleep [N]...");
      return 1;
    }
    Duration total = Duration.ZERO;
    for (String arg : context.args().subList(1, context.args().size())) {
      Duration d = parse(arg);
      if (d == null) {
        context.err("sleep: invalid number '" + arg + "'");
        return 1;
      }
      total = total.plus(d);
      if (total.compareTo(FOREVER) > 0) {
        total = FOREVER;
      }
    }
    return context.awaitStop(total) ? 143 : 0;
  }

  private static Duration parse(String arg) {
    String lower = arg.toLowerCase(Locale.ROOT);
    if (lower.equals("inf") || lower.equals("infinity")) {
      return FOREVER;
    }
    long unitMillis =
        switch (lower.isEmpty() ? ' ' : lower.charAt(lower.length() - 1)) {
          case 's' -> 1_000;
          case 'm' -> 60_000;
          case 'h' -> 3_600_000;
          case 'd' -> 86_400_000;
          default -> 0;
        };
    String number = unitMillis == 0 ? lower : lower.substring(0, lower.length() - 1);
    if (!number.matches("[0-9]*\\.?[0-9]+|[0-9]+\\.")) {
      return null;
    }
    BigDecimal millis =
        new BigDecimal(number).multiply(BigDecimal.valueOf(unitMillis == 0 ? 1_000 : unitMillis));
    return millis.compareTo(BigDecimal.valueOf(FOREVER.toMillis())) > 0
        ? FOREVER
        : Duration.ofNanos(millis.movePointRight(6).longValue());
  }
}
