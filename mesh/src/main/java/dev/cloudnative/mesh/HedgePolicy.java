package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Hedged requests (gRPC's A6 hedging policy) of a service, set with {@link
 * DestinationPolicy.Builder#hedging(HedgePolicy)}: an idempotent call ({@link
 * MeshRequest#idempotent()}) that has no answer after {@code delay} sends the same request to
 * another endpoint, and again after each further delay, up to {@code maxAttempts} attempts in all
 * (the first included); the first answer wins and the other attempts are cancelled (their threads
 * interrupted, which for {@link dev.cloudnative.mesh.http.MeshHttpClient} aborts the HTTP
 * exchange). A call that is not idempotent is never hedged.
 *
 * <ul>
 *   <li>An attempt that fails with a failure the service's {@link RetryPolicy} retries ({@code
 *       retryOn}, statuses, predicate: A6's non-fatal codes) sends the next hedge at once, without
 *       waiting for the delay, while the other attempts keep running; any other failure (or a 5xx
 *       the policy does not retry) ends the call at once, as A6 commits a fatal status. When every
 *       attempt failed, the last failure ends the call ({@link StopReason#ATTEMPTS_EXHAUSTED}).
 *   <li>Hedges and retries draw from the same {@link RetryBudget} (the retry policy's): a hedge
 *       counts as an active retry while it runs, and a hedge the budget refuses is not sent (the
 *       call keeps waiting for the attempts it has). {@code maxAttempts} replaces the retry
 *       policy's for a hedged call; its timeouts apply as they are (the per-try timeout to each
 *       attempt).
 *   <li>{@code delay} is fixed, or, with {@code percentile}, the given percentile of the attempt
 *       latencies of the call's subset over the last {@code window} (an attempt cut short by a
 *       hedge counts with the time it ran, a lower bound); {@code delay} then serves until {@link
 *       #MIN_SAMPLES} latencies are known. A percentile {@code p} hedges about {@code (100 - p)}%
 *       of the calls, which bounds the extra load.
 * </ul>
 *
 * <p>Every attempt of a hedged call runs on a mesh worker thread while the caller waits, so that it
 * can be cancelled; a hedged call costs a thread hand-off that an unhedged one does not. Build with
 * {@code HedgePolicy.custom()...build()}. Immutable; thread-safe.
 *
 * @param maxAttempts attempts of a hedged call, the first included, 2..10 (default 2)
 * @param delay the delay before each hedge, 0..1 h (default 50 ms; {@link Duration#ZERO} sends all
 *     attempts at once); with a percentile, the delay until enough latencies are known
 * @param percentile when present, the percentile (50..99.99) of recent latency used as the delay
 * @param window how far back the percentile looks, 100 ms..1 h (default 10 s)
 */
public record HedgePolicy(
    int maxAttempts, Duration delay, OptionalDouble percentile, Duration window) {

  /** How many latencies of a subset within the window a percentile delay needs. */
  public static final int MIN_SAMPLES = 20;

  private static final Duration MAX_DELAY = Duration.ofHours(1);
  private static final Duration MIN_WINDOW = Duration.ofMillis(100);

  public HedgePolicy {
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(percentile, "percentile");
    Objects.requireNonNull(window, "window");
    if (maxAttempts < 2 || maxAttempts > 10) {
      throw new IllegalArgumentException("maxAttempts was " + maxAttempts + "; allowed 2..10");
    }
    if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException("delay was " + delay + "; allowed 0..1 h");
    }
    if (percentile.isPresent()) {
      double p = percentile.getAsDouble();
      if (!(p >= 50 && p <= 99.99)) {
        throw new IllegalArgumentException("percentile was " + p + "; allowed 50..99.99");
      }
    }
    if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException("window was " + window + "; allowed 100 ms..1 h");
    }
  }

  /**
   * @return a builder: 2 attempts, a fixed 50 ms delay, a 10 s window for a percentile
   */
  public static Builder custom() {
    return new Builder();
  }

  /** Builds a {@link HedgePolicy}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 2;
    private Duration delay = Duration.ofMillis(50);
    private OptionalDouble percentile = OptionalDouble.empty();
    private Duration window = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * @param attempts attempts of a hedged call, the first included, 2..10
     */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * @param delay the fixed delay before each hedge (or, with {@link #percentileDelay}, the delay
     *     until enough latencies are known), 0..1 h
     */
    public Builder delay(Duration delay) {
      this.delay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /**
     * @param percentile the percentile of the subset's recent attempt latencies to wait before a
     *     hedge, 50..99.99 (95 hedges about 5% of the calls)
     */
    public Builder percentileDelay(double percentile) {
      this.percentile = OptionalDouble.of(percentile);
      return this;
    }

    /**
     * @param window how far back the percentile looks, 100 ms..1 h
     */
    public Builder window(Duration window) {
      this.window = Objects.requireNonNull(window, "window");
      return this;
    }

    public HedgePolicy build() {
      return new HedgePolicy(maxAttempts, delay, percentile, window);
    }
  }
}
