package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.Objects;

/**
 * Slow start (Envoy's {@code slow_start_config}): an endpoint that joins a service, or comes back
 * to it, takes a growing share of its weight over {@code window} instead of its full share at once,
 * so a process that still warms up (JIT, caches, connection pools) is not flooded. Set per service
 * with {@link DestinationPolicy.Builder#slowStart(SlowStartConfig)}.
 *
 * <p>Within the window an endpoint's weight is multiplied by {@link #factor(long)}: {@code
 * max(minWeightPercent / 100, timeFactor^(1 / aggression))}, where {@code timeFactor = max(elapsed,
 * 1 ms) / window} and {@code elapsed} is the time since the endpoint became available (Envoy's
 * formula; Envoy floors the elapsed time at 1 ms too). {@code aggression} 1 ramps linearly, above 1
 * faster at first, below 1 slower at first; {@code minWeightPercent} keeps a fresh endpoint from
 * receiving nothing. After the window the endpoint has its full weight.
 *
 * <ul>
 *   <li>{@code window}: how long the ramp lasts (default 30 s; 1 ms..1 day).
 *   <li>{@code aggression}: the curve's exponent is {@code 1 / aggression} (default 1.0, Envoy's;
 *       finite, {@code > 0}).
 *   <li>{@code minWeightPercent}: the least share of its weight an endpoint starts with (default
 *       10, Envoy's; 0..100).
 * </ul>
 *
 * <p>Build with {@code SlowStartConfig.custom()...build()}. Immutable; thread-safe.
 */
public record SlowStartConfig(Duration window, double aggression, double minWeightPercent) {

  private static final Duration MIN_WINDOW = Duration.ofMillis(1);
  private static final Duration MAX_WINDOW = Duration.ofDays(1);
  private static final long MIN_ELAPSED_NANOS = 1_000_000L;
  private static final SlowStartConfig DEFAULTS = custom().build();

  public SlowStartConfig {
    Objects.requireNonNull(window, "window");
    if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("window was " + window + "; allowed 1 ms..1 day");
    }
    if (!(aggression > 0) || Double.isInfinite(aggression)) {
      throw new IllegalArgumentException(
          "aggression was " + aggression + "; allowed a finite value > 0");
    }
    if (!(minWeightPercent >= 0 && minWeightPercent <= 100)) {
      throw new IllegalArgumentException(
          "minWeightPercent was " + minWeightPercent + "; allowed 0..100");
    }
  }

  /**
   * @return a 30 s window, aggression 1 (a linear ramp), starting at 10% of the weight
   */
  public static SlowStartConfig ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  /**
   * The factor an endpoint's weight is multiplied by, {@code elapsedNanos} after it became
   * available.
   *
   * @param elapsedNanos time since the endpoint became available (negative counts as 0)
   * @return a factor in {@code (0, 1]}; 1 from the end of the window on
   */
  public double factor(long elapsedNanos) {
    long windowNanos = window.toNanos();
    if (elapsedNanos >= windowNanos) {
      return 1.0;
    }
    double timeFactor = (double) Math.max(elapsedNanos, MIN_ELAPSED_NANOS) / windowNanos;
    double curve = aggression == 1.0 ? timeFactor : Math.pow(timeFactor, 1.0 / aggression);
    return Math.min(1.0, Math.max(minWeightPercent / 100.0, curve));
  }

  /** Builds a {@link SlowStartConfig}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private Duration window = Duration.ofSeconds(30);
    private double aggression = 1.0;
    private double minWeightPercent = 10.0;

    private Builder() {}

    /**
     * @param window how long an endpoint's weight ramps up (1 ms..1 day)
     */
    public Builder window(Duration window) {
      this.window = Objects.requireNonNull(window, "window");
      return this;
    }

    /**
     * @param aggression the ramp's speed: the weight grows as {@code timeFactor^(1/aggression)}
     *     (finite, {@code > 0}; 1 is linear)
     */
    public Builder aggression(double aggression) {
      this.aggression = aggression;
      return this;
    }

    /**
     * @param percent the least share of its weight a fresh endpoint gets (0..100)
     */
    public Builder minWeightPercent(double percent) {
      this.minWeightPercent = percent;
      return this;
    }

    public SlowStartConfig build() {
      return new SlowStartConfig(window, aggression, minWeightPercent);
    }
  }
}
