package dev.cloudnative.security.internal;

import dev.cloudnative.security.LoginThrottleConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-name attempt accounting. An attempt is <em>reserved</em> as a failure before the password is
 * checked (atomically, in {@link ConcurrentHashMap#compute}), and given back on success; so
 * parallel guesses cannot slip past the back-off between a check and its recording. The hourly cap
 * is exact: the state keeps the times of the last {@code maxFailuresPerHour} failures and refuses
 * while the oldest of them is less than an hour old.
 *
 * <p>Thread-safety: safe for concurrent use; each name's state is an immutable value swapped
 * atomically.
 */
final class LoginThrottle {

  private static final Duration WINDOW = Duration.ofHours(1);

  /** Immutable per-name state; {@code failures} holds failure times (epoch millis) oldest first. */
  private record State(int consecutive, long blockedUntil, long[] failures) {}

  private final LoginThrottleConfig config;
  private final ConcurrentMap<String, State> states = new ConcurrentHashMap<>();

  LoginThrottle(LoginThrottleConfig config) {
    this.config = config;
  }

  /**
   * Reserves an attempt for {@code name}: returns zero if it may proceed (already counted as a
   * failure), or the wait before the next attempt is evaluated.
   */
  Duration tryAcquire(String name, Instant now) {
    long t = now.toEpochMilli();
    long[] wait = {0};
    states.compute(
        name,
        (k, s) -> {
          State state = s == null ? new State(0, 0, new long[0]) : s;
          long[] recent = withinWindow(state.failures, t);
          if (t < state.blockedUntil) {
            wait[0] = state.blockedUntil - t;
            return new State(state.consecutive, state.blockedUntil, recent);
          }
          if (recent.length >= config.maxFailuresPerHour()) {
            wait[0] = recent[0] + WINDOW.toMillis() - t;
            return new State(state.consecutive, state.blockedUntil, recent);
          }
          int consecutive = state.consecutive + 1;
          long[] failures = Arrays.copyOf(recent, recent.length + 1);
          failures[recent.length] = t;
          return new State(consecutive, t + config.delayAfter(consecutive).toMillis(), failures);
        });
    if (states.size() > config.maxTrackedNames()) {
      evictIdle(t);
    }
    return Duration.ofMillis(Math.max(0, wait[0]));
  }

  /** Gives back the reservation of a successful attempt and resets the back-off. */
  void recordSuccess(String name) {
    states.computeIfPresent(
        name,
        (k, s) -> {
          long[] failures =
              s.failures.length == 0
                  ? s.failures
                  : Arrays.copyOf(s.failures, s.failures.length - 1);
          return failures.length == 0 ? null : new State(0, 0, failures);
        });
  }

  int trackedNames() {
    return states.size();
  }

  private static long[] withinWindow(long[] failures, long now) {
    long cutoff = now - WINDOW.toMillis();
    int first = 0;
    while (first < failures.length && failures[first] <= cutoff) {
      first++;
    }
    return first == 0 ? failures : Arrays.copyOfRange(failures, first, failures.length);
  }

  private void evictIdle(long now) {
    states
        .entrySet()
        .removeIf(
            e ->
                e.getValue().blockedUntil <= now
                    && withinWindow(e.getValue().failures, now).length == 0);
  }
}
