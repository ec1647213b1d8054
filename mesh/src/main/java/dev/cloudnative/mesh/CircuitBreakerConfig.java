package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of a circuit breaker, with Resilience4j's semantics and defaults: the circuit opens
 * when, over the sliding window and after at least {@code minimumNumberOfCalls}, the failure rate
 * or the slow-call rate reaches its threshold; stays open for {@code waitDurationInOpenState}; then
 * lets {@code permittedNumberOfCallsInHalfOpenState} trial calls through, whose failure and
 * slow-call rates decide between closing and re-opening.
 *
 * <p>Build with {@code CircuitBreakerConfig.custom()...build()}. Immutable value; thread-safe.
 */
public record CircuitBreakerConfig(
    float failureRateThreshold,
    float slowCallRateThreshold,
    Duration slowCallDurationThreshold,
    SlidingWindowType slidingWindowType,
    int slidingWindowSize,
    int minimumNumberOfCalls,
    Duration waitDurationInOpenState,
    int permittedNumberOfCallsInHalfOpenState) {

  /** Largest count-based window; bounds the packed counters of the lock-free window. */
  public static final int MAX_COUNT_WINDOW = 1 << 20;

  /** Longest time-based window in seconds. */
  public static final int MAX_TIME_WINDOW_SECONDS = 3600;

  private static final CircuitBreakerConfig DEFAULTS = custom().build();

  public CircuitBreakerConfig {
    Objects.requireNonNull(slowCallDurationThreshold, "slowCallDurationThreshold");
    Objects.requireNonNull(slidingWindowType, "slidingWindowType");
    Objects.requireNonNull(waitDurationInOpenState, "waitDurationInOpenState");
    if (!(failureRateThreshold > 0 && failureRateThreshold <= 100)) {
      throw new IllegalArgumentException(
          "failureRateThreshold was " + failureRateThreshold + "; allowed (0, 100] percent");
    }
    if (!(slowCallRateThreshold > 0 && slowCallRateThreshold <= 100)) {
      throw new IllegalArgumentException(
          "slowCallRateThreshold was " + slowCallRateThreshold + "; allowed (0, 100] percent");
    }
    if (slowCallDurationThreshold.isNegative() || slowCallDurationThreshold.isZero()) {
      throw new IllegalArgumentException(
          "slowCallDurationThreshold was "
              + slowCallDurationThreshold
              + "; allowed a positive duration");
    }
    int maxWindow =
        slidingWindowType == SlidingWindowType.COUNT_BASED
            ? MAX_COUNT_WINDOW
            : MAX_TIME_WINDOW_SECONDS;
    if (slidingWindowSize < 1 || slidingWindowSize > maxWindow) {
      throw new IllegalArgumentException(
          "slidingWindowSize was "
              + slidingWindowSize
              + " for a "
              + slidingWindowType
              + " window; allowed 1.."
              + maxWindow);
    }
    if (minimumNumberOfCalls < 1) {
      throw new IllegalArgumentException(
          "minimumNumberOfCalls was " + minimumNumberOfCalls + "; allowed >= 1");
    }
    if (slidingWindowType == SlidingWindowType.COUNT_BASED) {
      // As in Resilience4j: a count window can never hold more calls than its size.
      minimumNumberOfCalls = Math.min(minimumNumberOfCalls, slidingWindowSize);
    }
    if (waitDurationInOpenState.isNegative() || waitDurationInOpenState.isZero()) {
      throw new IllegalArgumentException(
          "waitDurationInOpenState was "
              + waitDurationInOpenState
              + "; allowed a positive duration");
    }
    if (permittedNumberOfCallsInHalfOpenState < 1
        || permittedNumberOfCallsInHalfOpenState > MAX_COUNT_WINDOW) {
      throw new IllegalArgumentException(
          "permittedNumberOfCallsInHalfOpenState was "
              + permittedNumberOfCallsInHalfOpenState
              + "; allowed 1.."
              + MAX_COUNT_WINDOW);
    }
  }

  /**
   * @return Resilience4j's defaults: 50% failures or 100% slow calls (over 60 s) among the last 100
   *     calls, 60 s open, 10 half-open calls
   */
  public static CircuitBreakerConfig ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  /**
   * @return a builder initialised from this configuration
   */
  public Builder toBuilder() {
    return new Builder()
        .failureRateThreshold(failureRateThreshold)
        .slowCallRateThreshold(slowCallRateThreshold)
        .slowCallDurationThreshold(slowCallDurationThreshold)
        .slidingWindow(slidingWindowSize, minimumNumberOfCalls, slidingWindowType)
        .waitDurationInOpenState(waitDurationInOpenState)
        .permittedNumberOfCallsInHalfOpenState(permittedNumberOfCallsInHalfOpenState);
  }

  /**
   * Builds a {@link CircuitBreakerConfig}; validation happens in {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private float failureRateThreshold = 50;
    private float slowCallRateThreshold = 100;
    private Duration slowCallDurationThreshold = Duration.ofSeconds(60);
    private SlidingWindowType slidingWindowType = SlidingWindowType.COUNT_BASED;
    private int slidingWindowSize = 100;
    private int minimumNumberOfCalls = 100;
    private Duration waitDurationInOpenState = Duration.ofSeconds(60);
    private int permittedNumberOfCallsInHalfOpenState = 10;

    private Builder() {}

    /**
     * @param percent failure rate (0, 100] at or above which the circuit opens
     */
    public Builder failureRateThreshold(float percent) {
      this.failureRateThreshold = percent;
      return this;
    }

    /**
     * @param percent slow-call rate (0, 100] at or above which the circuit opens
     */
    public Builder slowCallRateThreshold(float percent) {
      this.slowCallRateThreshold = percent;
      return this;
    }

    /**
     * @param duration calls taking at least this long count as slow
     */
    public Builder slowCallDurationThreshold(Duration duration) {
      this.slowCallDurationThreshold = Objects.requireNonNull(duration, "duration");
      return this;
    }

    public Builder slidingWindowType(SlidingWindowType type) {
      this.slidingWindowType = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * @param size number of calls (count-based) or seconds (time-based)
     */
    public Builder slidingWindowSize(int size) {
      this.slidingWindowSize = size;
      return this;
    }

    public Builder minimumNumberOfCalls(int calls) {
      this.minimumNumberOfCalls = calls;
      return this;
    }

    public Builder slidingWindow(int size, int minimumCalls, SlidingWindowType type) {
      this.slidingWindowType = Objects.requireNonNull(type, "type");
      this.slidingWindowSize = size;
      this.minimumNumberOfCalls = minimumCalls;
      return this;
    }

    public Builder waitDurationInOpenState(Duration duration) {
      this.waitDurationInOpenState = Objects.requireNonNull(duration, "duration");
      return this;
    }

    public Builder permittedNumberOfCallsInHalfOpenState(int calls) {
      this.permittedNumberOfCallsInHalfOpenState = calls;
      return this;
    }

    public CircuitBreakerConfig build() {
      return new CircuitBreakerConfig(
          failureRateThreshold,
          slowCallRateThreshold,
          slowCallDurationThreshold,
          slidingWindowType,
          slidingWindowSize,
          minimumNumberOfCalls,
          waitDurationInOpenState,
          permittedNumberOfCallsInHalfOpenState);
    }
  }
}
