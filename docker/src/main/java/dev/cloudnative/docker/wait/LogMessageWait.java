package dev.cloudnative.docker.wait;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.InvalidSpecException;
import dev.cloudnative.docker.LogOptions;
import dev.cloudnative.docker.Subscription;
import dev.cloudnative.docker.WaitStrategy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ready when {@code times} log lines contain a match of the pattern. Follows the log (from the
 * beginning) instead of re-reading snapshots, so a chatty container costs one pass over its output.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogMessageWait implements WaitStrategy {
  private final Pattern pattern;
  private final int times;
  private final Duration timeout;

  public LogMessageWait(String regex, int times, Duration timeout) {
    java.util.Objects.requireNonNull(regex, "regex");
    try {
      this.pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new InvalidSpecException(
          "log regex", regex, "must be a valid java.util.regex pattern: " + e.getDescription());
    }
    if (times < 1) {
      throw new InvalidSpecException("times", Integer.toString(times), "must be >= 1");
    }
    this.times = times;
    this.timeout = Polling.requirePositive(timeout);
  }

  @Override
  public void waitUntilReady(ContainerEngine engine, String container, Instant deadline) {
    AtomicInteger seen = new AtomicInteger();
    String what = "log /" + pattern + "/ x" + times;
    // The follow ends when the container stops, after every line written so far has been delivered;
    // only then is
    // "exited before the line appeared" certain (an early inspect could race the tail of the
    // stream).
    try (Subscription sub =
        engine.followLogs(
            container,
            LogOptions.all(),
            line -> {
              if (pattern.matcher(line.text()).find()) {
                seen.incrementAndGet();
              }
            })) {
      while (seen.get() < times) {
        boolean ended = sub.awaitEnd(Duration.ofMillis(100));
        if (seen.get() >= times) {
          return;
        }
        if (ended) {
          Polling.failIfGone(
              engine, engine.inspect(container), what + " (seen " + seen.get() + ")");
          throw Polling.notReady(
              engine,
              container,
              what
                  + ": log stream ended after "
                  + seen.get()
                  + " match(es) while the container is "
                  + engine.inspect(container).state(),
              null);
        }
        if (Instant.now().isAfter(deadline)) {
          throw Polling.notReady(
              engine,
              container,
              what + " not ready before the startup timeout; seen " + seen.get() + " of " + times,
              null);
        }
      }
    }
  }

  @Override
  public Duration startupTimeout() {
    return timeout;
  }

  @Override
  public WaitStrategy withStartupTimeout(Duration timeout) {
    return new LogMessageWait(pattern.pattern(), times, timeout);
  }

  @Override
  public String toString() {
    return "log /" + pattern + "/ x" + times;
  }
}
