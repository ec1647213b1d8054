package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.Objects;

/**
 * The tuning of {@link LoadBalancingPolicy#PEAK_EWMA} (Finagle's and Linkerd's Peak-EWMA), set per
 * service with {@link DestinationPolicy.Builder#peakEwma(PeakEwmaConfig)}.
 *
 * <p>Each endpoint keeps an estimate of its round-trip time that decays exponentially towards zero
 * with time constant {@code decay} and that an attempt slower than the decayed estimate raises to
 * its own time at once (a peak-sensitive, time-weighted moving average): a latency peak is felt at
 * once and forgotten with time, so that an endpoint that was slow once is tried again later. An
 * endpoint's cost is its estimate × (in-flight requests + 1), and a pick takes the cheaper of two
 * candidates drawn by weight.
 *
 * <ul>
 *   <li>{@code decay}: the time constant (default 10 s, as Finagle's and Linkerd's).
 *   <li>{@code defaultRtt}: the estimate of an endpoint that has not answered yet (default 30 ms,
 *       Linkerd's); its first answer replaces it. Until then each of its outstanding requests costs
 *       {@code defaultRtt} and an idle one costs nothing (Finagle's rule), so a new endpoint is
 *       probed at once, one request at a time, rather than waiting for the others' estimates to
 *       decay past the default.
 *   <li>{@code failurePenalty}: an attempt that failed (threw, for example a refused connection or
 *       a timeout, or answered 5xx or 429) counts as having taken {@code failurePenalty} × the
 *       endpoint's current estimate (at least {@code defaultRtt}), or its own time when longer, so
 *       that an endpoint failing fast looks slow instead of attracting traffic (default 5).
 *   <li>{@code maxRtt}: the highest estimate an endpoint can reach (default 30 s), which bounds how
 *       long a run of failures keeps it out: the estimate decays back from there.
 * </ul>
 *
 * <p>Build with {@code PeakEwmaConfig.custom()...build()}. Immutable; thread-safe.
 */
public record PeakEwmaConfig(
    Duration decay, Duration defaultRtt, double failurePenalty, Duration maxRtt) {

  private static final Duration MIN_DECAY = Duration.ofMillis(10);
  private static final Duration MAX_DURATION = Duration.ofDays(1);
  private static final PeakEwmaConfig DEFAULTS = custom().build();

  public PeakEwmaConfig {
    Objects.requireNonNull(decay, "decay");
    Objects.requireNonNull(defaultRtt, "defaultRtt");
    Objects.requireNonNull(maxRtt, "maxRtt");
    if (decay.compareTo(MIN_DECAY) < 0 || decay.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("decay was " + decay + "; allowed 10 ms..1 day");
    }
    if (maxRtt.isNegative() || maxRtt.isZero() || maxRtt.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException("maxRtt was " + maxRtt + "; allowed > 0 and <= 1 day");
    }
    if (defaultRtt.isNegative() || defaultRtt.isZero() || defaultRtt.compareTo(maxRtt) > 0) {
      throw new IllegalArgumentException(
          "defaultRtt was " + defaultRtt + "; allowed > 0 and <= maxRtt (" + maxRtt + ")");
    }
    if (!(failurePenalty >= 1.0) || Double.isInfinite(failurePenalty)) {
      throw new IllegalArgumentException(
          "failurePenalty was " + failurePenalty + "; allowed a finite factor >= 1");
    }
  }

  /**
   * @return 10 s decay, 30 ms default RTT, failures count 5× the current estimate, 30 s maximum
   */
  public static PeakEwmaConfig ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  /** Builds a {@link PeakEwmaConfig}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private Duration decay = Duration.ofSeconds(10);
    private Duration defaultRtt = Duration.ofMillis(30);
    private double failurePenalty = 5.0;
    private Duration maxRtt = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * @param decay the time constant of the decay (10 ms..1 day)
     */
    public Builder decay(Duration decay) {
      this.decay = Objects.requireNonNull(decay, "decay");
      return this;
    }

    /**
     * @param defaultRtt the estimate of an endpoint before its first answer (positive, at most
     *     {@code maxRtt})
     */
    public Builder defaultRtt(Duration defaultRtt) {
      this.defaultRtt = Objects.requireNonNull(defaultRtt, "defaultRtt");
      return this;
    }

    /**
     * @param factor what a failed attempt counts as, in multiples of the current estimate (finite,
     *     {@code >= 1}; 1 makes a failure count as no faster than the current estimate)
     */
    public Builder failurePenalty(double factor) {
      this.failurePenalty = factor;
      return this;
    }

    /**
     * @param maxRtt the highest estimate (positive, at most 1 day)
     */
    public Builder maxRtt(Duration maxRtt) {
      this.maxRtt = Objects.requireNonNull(maxRtt, "maxRtt");
      return this;
    }

    public PeakEwmaConfig build() {
      return new PeakEwmaConfig(decay, defaultRtt, failurePenalty, maxRtt);
    }
  }
}
