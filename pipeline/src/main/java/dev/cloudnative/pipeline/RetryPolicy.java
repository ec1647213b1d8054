package dev.cloudnative.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a failed or timed-out step is attempted and how long to wait between attempts. A step
 * makes at most {@code maxAttempts} attempts (the first included); before retry number {@code n}
 * the runner waits {@code baseBackoff × multiplier^(n-1)}, capped at {@code maxBackoff}. A
 * cancelled step is never retried.
 *
 * <p>The words are those of the mesh's {@code RetryPolicy}: {@link #none()} for a single attempt,
 * {@code RetryPolicy.custom().maxAttempts(n).backoff(base, max)...build()} for the rest, with the
 * pipeline's own {@link Builder#multiplier(double)} (the mesh always doubles). {@link
 * #attempts(int)} is the shortcut for the most common case, a few immediate retries.
 *
 * <pre>{@code
 * RetryPolicy.attempts(3)   // = RetryPolicy.custom().maxAttempts(3).build()
 * RetryPolicy.custom()
 *     .maxAttempts(4)
 *     .backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
 *     .multiplier(3.0)
 *     .build()
 * }</pre>
 *
 * <p>Immutable record, thread-safe.
 *
 * @param maxAttempts total attempts including the first, 1..100
 * @param baseBackoff wait before the first retry, zero (no wait) or positive
 * @param multiplier factor applied to the wait after each retry, a finite number &gt;= 1.0
 * @param maxBackoff upper bound of any single wait, at least {@code baseBackoff}
 */
public record RetryPolicy(
    int maxAttempts, Duration baseBackoff, double multiplier, Duration maxBackoff) {

  private static final RetryPolicy NONE = custom().maxAttempts(1).build();

  /** Validates the components. */
  public RetryPolicy {
    Objects.requireNonNull(baseBackoff, "baseBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("maxAttempts was " + maxAttempts + "; allowed 1..100");
    }
    if (baseBackoff.isNegative()) {
      throw new IllegalArgumentException("baseBackoff was " + baseBackoff + "; allowed >= 0");
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException(
          "multiplier was " + multiplier + "; allowed a finite number >= 1.0");
    }
    if (maxBackoff.compareTo(baseBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff was " + maxBackoff + "; allowed >= baseBackoff (" + baseBackoff + ")");
    }
  }

  /**
   * @return a policy with a single attempt: a failure is final
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * @return a builder with the defaults: 2 attempts, no wait between them, multiplier 2.0 once a
   *     backoff is set
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * {@code maxAttempts} attempts (the first included) with no wait between them; the same as {@code
   * custom().maxAttempts(maxAttempts).build()}.
   *
   * @param maxAttempts total attempts including the first, 1..100
   */
  public static RetryPolicy attempts(int maxAttempts) {
    return custom().maxAttempts(maxAttempts).build();
  }

  /**
   * The wait before attempt {@code attempt + 1}, given that {@code attempt} (1-based) just failed:
   * {@code backoffAfter(1)} is the wait before the first retry.
   */
  public Duration backoffAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt was " + attempt + "; allowed >= 1 (1-based)");
    }
    double nanos = baseBackoff.toNanos() * Math.pow(multiplier, attempt - 1);
    long capped = (long) Math.min(nanos, (double) maxBackoff.toNanos());
    return Duration.ofNanos(capped);
  }

  /** Builds a {@link RetryPolicy}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 2;
    private Duration baseBackoff = Duration.ZERO;
    private Duration maxBackoff = Duration.ZERO;
    private double multiplier = 2.0;

    private Builder() {}

    /**
     * @param attempts total attempts including the first, 1..100
     */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * @param base the wait before the first retry, zero (no wait) or positive
     * @param max the cap on any single wait, at least {@code base}
     */
    public Builder backoff(Duration base, Duration max) {
      this.baseBackoff = Objects.requireNonNull(base, "base");
      this.maxBackoff = Objects.requireNonNull(max, "max");
      return this;
    }

    /**
     * @param factor what each wait is multiplied by for the next one, a finite number &gt;= 1.0
     *     (1.0 waits the same every time); default 2.0
     */
    public Builder multiplier(double factor) {
      this.multiplier = factor;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the value given and what is allowed
     */
    public RetryPolicy build() {
      return new RetryPolicy(maxAttempts, baseBackoff, multiplier, maxBackoff);
    }
  }
}
