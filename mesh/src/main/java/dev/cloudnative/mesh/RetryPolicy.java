package dev.cloudnative.mesh;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Retries and timeouts of calls to a service (Istio's {@code retries}/{@code timeout} on a route,
 * Envoy's retry policy). A call makes at most {@code maxAttempts} attempts (the first included),
 * each bounded by {@code perTryTimeout}, all within {@code overallTimeout}; an attempt is retried
 * only when its failure matches {@code retryOn}, {@code retryOnStatuses} or {@code
 * retryOnException}, the {@link RetryBudget} allows it and the deadline leaves room. Between
 * attempts the caller backs off exponentially ({@code baseBackoff × 2^(retry-1)}, capped at {@code
 * maxBackoff}) with {@code jitter} (a fraction in 0..1 of the delay drawn at random and removed).
 * Retries go to a different endpoint whenever one is available.
 *
 * <p>{@link Duration#ZERO} for a timeout means none. Build with {@code
 * RetryPolicy.custom()...build()}. Immutable; thread-safe (the predicate must be thread-safe too).
 */
public record RetryPolicy(
    int maxAttempts,
    Duration perTryTimeout,
    Duration overallTimeout,
    Set<RetryOn> retryOn,
    Set<Integer> retryOnStatuses,
    Predicate<Throwable> retryOnException,
    Duration baseBackoff,
    Duration maxBackoff,
    double jitter,
    RetryBudget budget) {

  private static final RetryPolicy NONE = custom().maxAttempts(1).build();

  public RetryPolicy {
    Objects.requireNonNull(perTryTimeout, "perTryTimeout");
    Objects.requireNonNull(overallTimeout, "overallTimeout");
    Objects.requireNonNull(retryOn, "retryOn");
    Objects.requireNonNull(retryOnStatuses, "retryOnStatuses");
    Objects.requireNonNull(retryOnException, "retryOnException");
    Objects.requireNonNull(baseBackoff, "baseBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(budget, "budget");
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("maxAttempts was " + maxAttempts + "; allowed 1..100");
    }
    requireNotNegative("perTryTimeout", perTryTimeout);
    requireNotNegative("overallTimeout", overallTimeout);
    requireNotNegative("baseBackoff", baseBackoff);
    requireNotNegative("maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(baseBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff was " + maxBackoff + "; allowed >= baseBackoff (" + baseBackoff + ")");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter was " + jitter + "; allowed 0..1");
    }
    retryOn = retryOn.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(retryOn));
    retryOnStatuses = Set.copyOf(retryOnStatuses);
    for (int status : retryOnStatuses) {
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("retryOnStatuses held " + status + "; allowed 100..599");
      }
    }
  }

  private static void requireNotNegative(String what, Duration value) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(
          what + " was " + value + "; allowed >= 0 (" + Duration.ZERO + " = none)");
    }
  }

  /**
   * @return a policy with a single attempt and no timeouts
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * @return a builder with Envoy-like defaults: 2 attempts, retry on connect failure, reset,
   *     timeout and 503, backoff 25 ms..250 ms with 50% jitter, the default retry budget, no
   *     timeouts
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * @return whether a failed attempt that threw {@code failure} may be retried
   */
  public boolean retriesOn(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    if (retryOnException.test(failure)) {
      return true;
    }
    return classify(failure).filter(retryOn::contains).isPresent();
  }

  /**
   * @return whether an attempt that answered {@code status} may be retried
   */
  public boolean retriesOnStatus(int status) {
    if (retryOnStatuses.contains(status)) {
      return true;
    }
    if (status >= 500 && status <= 599 && retryOn.contains(RetryOn.SERVER_ERROR)) {
      return true;
    }
    if ((status == 502 || status == 503 || status == 504)
        && retryOn.contains(RetryOn.GATEWAY_ERROR)) {
      return true;
    }
    return status == 503 && retryOn.contains(RetryOn.UNAVAILABLE);
  }

  /**
   * @return the failure class of an exception thrown by an attempt, empty when it is none of them
   */
  public static Optional<RetryOn> classify(Throwable failure) {
    Throwable t = Objects.requireNonNull(failure, "failure");
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof HttpConnectTimeoutException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException) {
        return Optional.of(RetryOn.CONNECT_FAILURE);
      }
      if (t instanceof HttpTimeoutException
          || t instanceof MeshTimeoutException
          || t instanceof java.util.concurrent.TimeoutException) {
        return Optional.of(RetryOn.TIMEOUT);
      }
      if (t instanceof IOException) {
        return Optional.of(RetryOn.RESET);
      }
    }
    return Optional.empty();
  }

  /**
   * @return the backoff before retry number {@code retry} (1 = first retry); {@code random} in [0,
   *     1)
   */
  public long backoffNanos(int retry, double random) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry was " + retry + "; allowed >= 1 (1 = first retry)");
    }
    if (!(random >= 0 && random < 1)) {
      throw new IllegalArgumentException("random was " + random + "; allowed [0, 1)");
    }
    long base = baseBackoff.toNanos();
    if (base == 0) {
      return 0;
    }
    long cap = maxBackoff.toNanos();
    long delay = retry >= 62 ? cap : Math.min(cap, base << Math.min(retry - 1, 40));
    if (delay < 0) {
      delay = cap;
    }
    return delay - (long) (delay * jitter * random);
  }

  /** Builds a {@link RetryPolicy}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 2;
    private Duration perTryTimeout = Duration.ZERO;
    private Duration overallTimeout = Duration.ZERO;
    private final Set<RetryOn> retryOn =
        EnumSet.of(RetryOn.CONNECT_FAILURE, RetryOn.RESET, RetryOn.TIMEOUT, RetryOn.UNAVAILABLE);
    private final Set<Integer> retryOnStatuses = new HashSet<>();
    private Predicate<Throwable> retryOnException = t -> false;
    private Duration baseBackoff = Duration.ofMillis(25);
    private Duration maxBackoff = Duration.ofMillis(250);
    private double jitter = 0.5;
    private RetryBudget budget = RetryBudget.ofDefaults();

    private Builder() {}

    /**
     * @param attempts total attempts including the first, 1..100
     */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    public Builder perTryTimeout(Duration timeout) {
      this.perTryTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * @param timeout the deadline of the whole call, attempts and backoffs included
     */
    public Builder overallTimeout(Duration timeout) {
      this.overallTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Replaces the retried failure classes. */
    public Builder retryOn(RetryOn... conditions) {
      // List.of checks the elements too, before the set is cleared
      java.util.List<RetryOn> given =
          java.util.List.of(Objects.requireNonNull(conditions, "conditions"));
      retryOn.clear();
      retryOn.addAll(given);
      return this;
    }

    /** Adds specific statuses to retry (for example 429). */
    public Builder retryOnStatuses(int... statuses) {
      for (int s : Objects.requireNonNull(statuses, "statuses")) {
        retryOnStatuses.add(s);
      }
      return this;
    }

    /** Adds a custom test: an exception it accepts is retried. */
    public Builder retryOnException(Predicate<Throwable> predicate) {
      this.retryOnException = Objects.requireNonNull(predicate, "predicate");
      return this;
    }

    public Builder backoff(Duration base, Duration max) {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(max, "max");
      this.baseBackoff = base;
      this.maxBackoff = max;
      return this;
    }

    public Builder jitter(double fraction) {
      this.jitter = fraction;
      return this;
    }

    public Builder budget(RetryBudget value) {
      this.budget = Objects.requireNonNull(value, "value");
      return this;
    }

    public RetryPolicy build() {
      return new RetryPolicy(
          maxAttempts,
          perTryTimeout,
          overallTimeout,
          retryOn,
          retryOnStatuses,
          retryOnException,
          baseBackoff,
          maxBackoff,
          jitter,
          budget);
    }
  }
}
