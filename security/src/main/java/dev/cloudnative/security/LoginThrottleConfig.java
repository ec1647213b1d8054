package dev.cloudnative.security;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-account login throttling: after {@code freeAttempts} consecutive failures each further
 * failure doubles a wait (starting at {@code initialDelay}, capped at {@code maxDelay});
 * independently, no more than {@code maxFailuresPerHour} failures are evaluated in any sliding hour
 * (ASVS 5.0 V6.3: at most 100). A success resets the back-off.
 *
 * <p>Thread-safety: immutable.
 */
public final class LoginThrottleConfig {

  private final int freeAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final int maxFailuresPerHour;
  private final int maxTrackedNames;

  private LoginThrottleConfig(Builder b) {
    this.freeAttempts = b.freeAttempts;
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.maxFailuresPerHour = b.maxFailuresPerHour;
    this.maxTrackedNames = b.maxTrackedNames;
  }

  /** 3 free attempts, then 1 s doubling up to 15 min, at most 100 failures per hour. */
  public static LoginThrottleConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  public int freeAttempts() {
    return freeAttempts;
  }

  public Duration initialDelay() {
    return initialDelay;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  public int maxFailuresPerHour() {
    return maxFailuresPerHour;
  }

  public int maxTrackedNames() {
    return maxTrackedNames;
  }

  /** The wait imposed after the {@code consecutiveFailures}-th consecutive failure. */
  public Duration delayAfter(int consecutiveFailures) {
    if (consecutiveFailures <= freeAttempts) {
      return Duration.ZERO;
    }
    int doublings = Math.min(consecutiveFailures - freeAttempts - 1, 40);
    long millis = initialDelay.toMillis();
    long delay =
        doublings >= 62 || millis > (Long.MAX_VALUE >> doublings)
            ? Long.MAX_VALUE
            : millis << doublings;
    return Duration.ofMillis(Math.min(delay, maxDelay.toMillis()));
  }

  /** Builder for {@link LoginThrottleConfig}; not thread-safe. */
  public static final class Builder {
    private int freeAttempts = 3;
    private Duration initialDelay = Duration.ofSeconds(1);
    private Duration maxDelay = Duration.ofMinutes(15);
    private int maxFailuresPerHour = 100;
    private int maxTrackedNames = 100_000;

    private Builder() {}

    public Builder freeAttempts(int n) {
      if (n < 0 || n > 10) {
        throw new InvalidConfigurationException("freeAttempts " + n + " is outside 0..10");
      }
      this.freeAttempts = n;
      return this;
    }

    public Builder initialDelay(Duration d) {
      Objects.requireNonNull(d, "initialDelay");
      if (d.isNegative() || d.isZero()) {
        throw new InvalidConfigurationException("initialDelay " + d + " must be positive");
      }
      this.initialDelay = d;
      return this;
    }

    public Builder maxDelay(Duration d) {
      Objects.requireNonNull(d, "maxDelay");
      if (d.isNegative() || d.isZero()) {
        throw new InvalidConfigurationException("maxDelay " + d + " must be positive");
      }
      this.maxDelay = d;
      return this;
    }

    /** At most 100 (ASVS). */
    public Builder maxFailuresPerHour(int n) {
      if (n < 1 || n > 100) {
        throw new InvalidConfigurationException(
            "maxFailuresPerHour " + n + " is outside 1..100 (ASVS)");
      }
      this.maxFailuresPerHour = n;
      return this;
    }

    /** Bound on remembered names; idle entries are evicted first. */
    public Builder maxTrackedNames(int n) {
      if (n < 100) {
        throw new InvalidConfigurationException("maxTrackedNames " + n + " is below 100");
      }
      this.maxTrackedNames = n;
      return this;
    }

    public LoginThrottleConfig build() {
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new InvalidConfigurationException(
            "maxDelay " + maxDelay + " is below initialDelay " + initialDelay);
      }
      return new LoginThrottleConfig(this);
    }
  }
}
