package dev.cloudnative.mesh.balancer;

import dev.cloudnative.mesh.PeakEwmaConfig;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The round-trip-time estimate of one endpoint for {@link PeakEwmaBalancer}, after Finagle's {@code
 * PeakEwma} and Linkerd's {@code peak_ewma}: the estimate decays towards zero by {@code
 * exp(-elapsed / decay)} (the series is unevenly spaced, so the weight follows time, not the number
 * of observations), and an observation above the decayed estimate raises it to that peak at once.
 * Finagle and Linkerd decay the stored estimate whenever a pick reads it (as an observation of
 * zero) and then pull it towards each lower observation by an EWMA over the time since that read;
 * here a read writes nothing, and an observation applies the decay since the last one and takes the
 * larger of it and the observation, which is their update when a pick read the estimate just before
 * (as the pick that chose the endpoint did). So a peak is felt at once and forgotten with time
 * constant {@code decay}, and an endpoint that went quiet after a peak is tried again. Until its
 * first observation the estimate is the configured default RTT, which the first observation
 * replaces; the {@link #cost cost} of such an endpoint counts only its outstanding requests
 * (Finagle's rule), so a new endpoint is probed at once, one request at a time, instead of waiting
 * behind faster estimates.
 *
 * <p>State: one {@code AtomicLong} packs the time of the last observation (in ticks of 2^20 ns,
 * about 1 ms, modulo 2^32 ticks, about 52 days) and the estimate (a {@code float} of nanoseconds,
 * whose sign bit says "not observed yet"), so an observation is one compare-and-set and a read is
 * one volatile load: lock-free, allocation-free. Thread-safe.
 */
public final class PeakEwma {

  private static final int TICK_SHIFT = 20;
  private static final long LOW_32 = 0xFFFF_FFFFL;
  private static final double LOG2_E = 1.4426950408889634;

  private final double decayNanos;
  // log2 of the decay factor per tick, so that a read decays with one multiplication (no division).
  private final double log2DecayPerTick;
  private final float defaultRtt;
  private final double failurePenalty;
  private final float maxRtt;
  private final AtomicLong state;

  /**
   * @param config the decay, default RTT, failure penalty and maximum
   * @param nowNanos the clock reading at the endpoint's arrival (the default RTT decays from it)
   */
  public PeakEwma(PeakEwmaConfig config, long nowNanos) {
    Objects.requireNonNull(config, "config");
    this.decayNanos = config.decay().toNanos();
    this.log2DecayPerTick = -(double) (1L << TICK_SHIFT) / decayNanos * LOG2_E;
    this.defaultRtt = config.defaultRtt().toNanos();
    this.failurePenalty = config.failurePenalty();
    this.maxRtt = config.maxRtt().toNanos();
    this.state = new AtomicLong(pack(ticks(nowNanos), -defaultRtt));
  }

  /**
   * The cost the balancer compares: the estimate decayed to {@code nowNanos} × (in-flight + 1); for
   * an endpoint that has not answered yet, the default RTT × in-flight (nothing while it is idle).
   *
   * @param inFlight the endpoint's requests in flight
   */
  public double cost(int inFlight, long nowNanos) {
    long s = state.get();
    float estimate = Float.intBitsToFloat((int) s);
    if (estimate < 0) {
      return (double) defaultRtt * inFlight;
    }
    return decayed(s, estimate, nowNanos) * (inFlight + 1);
  }

  /**
   * @return the estimate at {@code nowNanos}, in nanoseconds, decayed since the last observation
   *     (the default RTT, undecayed, before the first)
   */
  public double estimateNanos(long nowNanos) {
    long s = state.get();
    float estimate = Float.intBitsToFloat((int) s);
    return estimate < 0 ? defaultRtt : decayed(s, estimate, nowNanos);
  }

  private double decayed(long s, double estimate, long nowNanos) {
    int elapsedTicks = elapsedTicks(ticks(nowNanos), s);
    if (elapsedTicks <= 0) {
      return estimate;
    }
    return estimate * decayFactor(elapsedTicks);
  }

  /**
   * Ticks from the state's time stamp to {@code nowTicks}, signed: a caller reads the clock before
   * it reads the state, so another thread's observation may carry a later stamp than that reading.
   * Such a reading is "no time has passed", not nearly 2^32 ticks (which would decay the estimate
   * to zero and make the endpoint look free, a slow one included). The sign is right for 2^31
   * ticks, about 26 days, longer than any estimate can take to decay away (decay is at most a day).
   */
  private static int elapsedTicks(long nowTicks, long s) {
    return (int) (nowTicks - (s >>> 32));
  }

  /**
   * @return whether an observation has replaced the default RTT
   */
  public boolean observed() {
    return Float.intBitsToFloat((int) state.get()) >= 0;
  }

  /**
   * Records an attempt that answered.
   *
   * @param rttNanos how long it took
   * @param nowNanos the clock reading at its end
   */
  public void observe(long rttNanos, long nowNanos) {
    float rtt = Math.min(Math.max(rttNanos, 0L), maxRtt);
    long nowTicks = ticks(nowNanos);
    while (true) {
      long s = state.get();
      float estimate = Float.intBitsToFloat((int) s);
      int elapsedTicks = elapsedTicks(nowTicks, s);
      float next;
      if (estimate < 0 || rtt >= estimate) {
        // First answer, or a new peak: take it as is.
        next = rtt;
      } else if (elapsedTicks <= 0) {
        // A lower answer in the same tick as the last, or stamped before it: nothing has decayed.
        next = estimate;
      } else {
        double w = Math.exp(-(double) ((long) elapsedTicks << TICK_SHIFT) / decayNanos);
        next = (float) Math.max(rtt, estimate * w);
      }
      // The stamp never goes back: an observation that ended before the last one keeps its time.
      long stamp = elapsedTicks < 0 ? s >>> 32 : nowTicks;
      if (state.compareAndSet(s, pack(stamp, next))) {
        return;
      }
    }
  }

  /**
   * Records an attempt that failed: it counts as {@code failurePenalty} × the current estimate (at
   * least the default RTT), or its own time when longer, capped at the maximum.
   *
   * @param tookNanos how long it took
   * @param nowNanos the clock reading at its end
   */
  public void observeFailure(long tookNanos, long nowNanos) {
    double base = Math.max(estimateNanos(nowNanos), defaultRtt);
    double penalised = Math.max(tookNanos, failurePenalty * base);
    observe((long) Math.min(penalised, maxRtt), nowNanos);
  }

  private double decayFactor(int elapsedTicks) {
    return exp2Negative(elapsedTicks * log2DecayPerTick);
  }

  private static long ticks(long nanos) {
    return (nanos >>> TICK_SHIFT) & LOW_32;
  }

  private static long pack(long ticks, float estimate) {
    return (ticks << 32) | (Float.floatToRawIntBits(estimate) & LOW_32);
  }

  /**
   * {@code e^x} for {@code x <= 0} within about 2·10^-5 relative error, in a few nanoseconds
   * (cheaper than {@link Math#exp}, and picks only compare costs): 2^(integer part) set in the
   * exponent bits, 2^(fraction) by its Taylor polynomial.
   */
  static double expNegative(double x) {
    return exp2Negative(x * LOG2_E);
  }

  /** {@code 2^y} for {@code y <= 0}, as {@link #expNegative}. */
  private static double exp2Negative(double y) {
    if (y < -1000) {
      return 0.0;
    }
    double whole = Math.floor(y);
    double f = y - whole;
    double p =
        1.0
            + f
                * (0.6931471805599453
                    + f
                        * (0.2402265069591007
                            + f
                                * (0.05550410866482158
                                    + f
                                        * (0.009618129107628477
                                            + f
                                                * (0.0013333558146428443
                                                    + f * 0.00015403530393381606)))));
    return p * Double.longBitsToDouble(((long) whole + 1023) << 52);
  }
}
