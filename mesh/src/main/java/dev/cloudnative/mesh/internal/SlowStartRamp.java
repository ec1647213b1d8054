package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.SlowStartConfig;

/**
 * Slow start's arithmetic for a subset's view rebuilds: the weight of an endpoint in its ramp and
 * when the view must be rebuilt next so that the ramp advances. Weights are computed once per view
 * (picks read the balancer built over them, as ever: no clock, no allocation, no extra work per
 * pick); the ramp advances by steps of {@value #STEP} of the weight, which bounds the distance
 * between the staircase and the configured curve, and never more often than {@value
 * #STEPS_PER_WINDOW} times per window, which bounds the cost of rebuilds however many endpoints
 * ramp at once. While an endpoint ramps every weight of the view is scaled by {@value #SCALE} so
 * that fractions of a weight of 1 stay distinct (the balancers are scale-invariant). Immutable;
 * thread-safe.
 */
final class SlowStartRamp {

  /** Weights of a view with a ramping member are in 1/SCALE units of an endpoint's weight. */
  static final int SCALE = 1024;

  /** The largest step of the weight factor between two rebuilds. */
  static final double STEP = 0.02;

  /** Rebuilds per window at most. */
  static final int STEPS_PER_WINDOW = 200;

  private final SlowStartConfig config;
  private final long windowNanos;
  private final long minIntervalNanos;

  SlowStartRamp(SlowStartConfig config) {
    this.config = config;
    this.windowNanos = config.window().toNanos();
    this.minIntervalNanos = Math.min(windowNanos, Math.max(1_000_000L, windowNanos / 200));
  }

  /**
   * @return whether an endpoint available since {@code sinceNanos} is within its window at {@code
   *     nowNanos}
   */
  boolean ramping(long sinceNanos, long nowNanos) {
    return nowNanos - sinceNanos < windowNanos;
  }

  /**
   * @return the endpoint's weight in the view, in 1/{@value #SCALE} units (at least 1)
   */
  int scaledWeight(int weight, long sinceNanos, long nowNanos) {
    double factor = config.factor(nowNanos - sinceNanos);
    return (int) Math.max(1L, Math.round((double) weight * SCALE * factor));
  }

  /**
   * @return the clock reading at which the ramp of an endpoint available since {@code sinceNanos}
   *     has grown by one step (or ended), but not sooner than the minimum interval after {@code
   *     nowNanos}
   */
  long nextStep(long sinceNanos, long nowNanos) {
    double target = config.factor(nowNanos - sinceNanos) + STEP;
    long offset;
    if (target >= 1.0) {
      offset = windowNanos;
    } else {
      // The curve's inverse: timeFactor = factor^aggression (the minimum weight only flattens the
      // start, and target is above it).
      double x = config.aggression() == 1.0 ? target : Math.pow(target, config.aggression());
      offset = (long) Math.min(windowNanos, Math.ceil(x * windowNanos));
    }
    return Math.max(sinceNanos + offset, nowNanos + minIntervalNanos);
  }
}
