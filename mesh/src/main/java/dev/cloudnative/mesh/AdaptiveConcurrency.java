package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.Objects;

/**
 * An adaptive concurrency limit of a service (Netflix concurrency-limits' {@code VegasLimit} in a
 * {@code WindowedLimit}, with a probed minimum-RTT window), set with {@link
 * DestinationPolicy.Builder#adaptiveConcurrency(AdaptiveConcurrency)}: at most {@code limit} calls
 * of the service run at once, and a call beyond it is shed at once with {@link
 * AdaptiveLimitExceededException} instead of queueing. The limit follows the service's latency:
 *
 * <ul>
 *   <li>Each call that ends adds its round-trip time (from admission to its end) to a sample
 *       window; a window closes after at least {@code windowSamples} samples and {@code window}
 *       (and at least twice its shortest RTT). A call that timed out, or answered 429 or 503,
 *       counts as a drop; a call that failed otherwise (or was not sent) is no sample.
 *   <li>The no-load RTT is the shortest RTT since the last probe (the minimum-RTT window). A probe,
 *       at the start and then every {@code probeInterval} (jittered by up to half), lowers the
 *       limit to a quarter for one window, so that the queue in front of the backend drains and its
 *       true no-load RTT shows; the limit from before the probe then returns.
 *   <li>At each window's end, TCP Vegas: the queue is {@code limit × (1 − noLoadRtt / rtt)} with
 *       {@code rtt} the window's mean; a drop, or a queue above {@code 6·log10(limit)}, lowers the
 *       limit by {@code log10(limit)}; a queue at most {@code log10(limit)} raises it by {@code
 *       6·log10(limit)}, one below {@code 3·log10(limit)} by {@code log10(limit)} (each at least
 *       1); a window that used less than half the limit leaves it (no growth while the caller is
 *       the bottleneck). The limit stays within {@code minLimit..maxLimit}.
 * </ul>
 *
 * <p>A backend with a fixed capacity of {@code N} concurrent requests so settles at about {@code N
 * + 3..6} calls in flight: the backend stays busy (goodput at its capacity) with a short queue in
 * front of it (bounded latency), and the rest is shed. Build with {@code
 * AdaptiveConcurrency.vegas()...build()}. Immutable; thread-safe.
 *
 * @param initialLimit the limit to start from (after the first probe), within minLimit..maxLimit
 *     (default 20, Netflix's)
 * @param minLimit the lowest limit, >= 1 (default 1)
 * @param maxLimit the highest limit, <= 100,000 (default 1,000, Netflix's)
 * @param window the shortest sample window, 1 ms..1 min (default 100 ms)
 * @param windowSamples the fewest samples of a window, 1..10,000 (default 10, Netflix's)
 * @param probeInterval the time between probes of the no-load RTT, >= 10 × window, <= 1 h (default
 *     30 s)
 */
public record AdaptiveConcurrency(
    int initialLimit,
    int minLimit,
    int maxLimit,
    Duration window,
    int windowSamples,
    Duration probeInterval) {

  public AdaptiveConcurrency {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(probeInterval, "probeInterval");
    if (minLimit < 1) {
      throw new IllegalArgumentException("minLimit was " + minLimit + "; allowed >= 1");
    }
    if (maxLimit < minLimit || maxLimit > 100_000) {
      throw new IllegalArgumentException(
          "maxLimit was " + maxLimit + "; allowed minLimit (" + minLimit + ")..100000");
    }
    if (initialLimit < minLimit || initialLimit > maxLimit) {
      throw new IllegalArgumentException(
          "initialLimit was "
              + initialLimit
              + "; allowed minLimit..maxLimit ("
              + minLimit
              + ".."
              + maxLimit
              + ")");
    }
    if (window.compareTo(Duration.ofMillis(1)) < 0 || window.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("window was " + window + "; allowed 1 ms..1 min");
    }
    if (windowSamples < 1 || windowSamples > 10_000) {
      throw new IllegalArgumentException(
          "windowSamples was " + windowSamples + "; allowed 1..10000");
    }
    if (probeInterval.compareTo(window.multipliedBy(10)) < 0
        || probeInterval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "probeInterval was "
              + probeInterval
              + "; allowed 10 × window ("
              + window.multipliedBy(10)
              + ")..1 h");
    }
  }

  /**
   * @return a builder of the Vegas limit with Netflix's defaults (initial limit 20, maximum 1,000,
   *     at least 10 samples a window) and a 100 ms window, probed every 30 s
   */
  public static Builder vegas() {
    return new Builder();
  }

  /**
   * Builds an {@link AdaptiveConcurrency}; validation happens in {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private int initialLimit = 20;
    private int minLimit = 1;
    private int maxLimit = 1000;
    private Duration window = Duration.ofMillis(100);
    private int windowSamples = 10;
    private Duration probeInterval = Duration.ofSeconds(30);

    private Builder() {}

    public Builder initialLimit(int limit) {
      this.initialLimit = limit;
      return this;
    }

    public Builder minLimit(int limit) {
      this.minLimit = limit;
      return this;
    }

    public Builder maxLimit(int limit) {
      this.maxLimit = limit;
      return this;
    }

    /**
     * @param window the shortest sample window (each window also lasts at least twice its shortest
     *     RTT)
     */
    public Builder window(Duration window) {
      this.window = Objects.requireNonNull(window, "window");
      return this;
    }

    public Builder windowSamples(int samples) {
      this.windowSamples = samples;
      return this;
    }

    /**
     * @param interval the time between probes of the no-load RTT (jittered by up to half)
     */
    public Builder probeInterval(Duration interval) {
      this.probeInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    public AdaptiveConcurrency build() {
      return new AdaptiveConcurrency(
          initialLimit, minLimit, maxLimit, window, windowSamples, probeInterval);
    }
  }
}
