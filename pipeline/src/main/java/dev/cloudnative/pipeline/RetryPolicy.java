package dev.cloudnative.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failed or timed-out step is attempted and how long to wait between attempts
 * (exponential backoff capped at {@code maxBackoff}). A cancelled step is never retried. Immutable
 * record, thread-safe.
 *
 * <pre>{@code RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(200), 2.0)}</pre>
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param initialBackoff wait before the second attempt, zero or positive
 * @param multiplier factor applied to the wait after each retry, at least 1.0
 * @param maxBackoff upper bound of any single wait, at least {@code initialBackoff}
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff) {

  private static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO);

  /** Validates the components. */
  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
    }
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException(
          "initialBackoff must not be negative but was " + initialBackoff);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be a finite number >= 1.0 but was " + multiplier);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff ("
              + maxBackoff
              + ") must not be below initialBackoff ("
              + initialBackoff
              + ")");
    }
  }

  /** A single attempt, no retry. */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * {@code maxAttempts} attempts with no wait between them; add a wait with {@link #withBackoff}.
   */
  public static RetryPolicy attempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, Duration.ZERO, 1.0, Duration.ZERO);
  }

  /** The same number of attempts with exponential backoff capped at 100 times the initial wait. */
  public RetryPolicy withBackoff(Duration initial, double factor) {
    Objects.requireNonNull(initial, "initial");
    return new RetryPolicy(maxAttempts, initial, factor, initial.multipliedBy(100));
  }

  /** The same policy with another cap on a single wait. */
  public RetryPolicy withMaxBackoff(Duration max) {
    return new RetryPolicy(maxAttempts, initialBackoff, multiplier, max);
  }

  /**
   * The wait before attempt {@code attempt + 1}, given that {@code attempt} (1-based) just failed.
   */
  public Duration backoffAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt is 1-based but was " + attempt);
    }
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, attempt - 1);
    long capped = (long) Math.min(nanos, (double) maxBackoff.toNanos());
    return Duration.ofNanos(capped);
  }
}
