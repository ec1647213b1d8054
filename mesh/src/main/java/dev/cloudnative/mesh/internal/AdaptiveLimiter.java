package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.AdaptiveConcurrency;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The adaptive concurrency limit of one service ({@link AdaptiveConcurrency}: Vegas over sample
 * windows with a probed minimum RTT). Admission is a compare-and-set of the in-flight count against
 * the volatile limit, with no lock and no allocation; a call's end adds its sample to the current
 * window under this object's lock, and the window's end updates the limit. Thread-safe.
 */
final class AdaptiveLimiter {

  /** What a call's end tells the limit. */
  enum Sample {
    /** A round-trip time to learn from. */
    RTT,
    /** An overload signal (a timeout, a 429 or 503): the limit goes down. */
    DROP,
    /** Nothing: the call failed for another reason, or never reached the service. */
    IGNORE
  }

  private final AdaptiveConcurrency config;
  private final long windowNanos;
  private final long probeNanos;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile int limit;
  // Guarded by this: the current window and the estimate.
  private long windowStart;
  private long sum;
  private int count;
  private long min = Long.MAX_VALUE;
  private int maxInFlight;
  private boolean dropped;
  private double estimate;
  private long noLoad;
  private boolean probing;
  private long probeWindowNanos;
  private long nextProbe;
  private long lastMean;

  AdaptiveLimiter(AdaptiveConcurrency config, long nowNanos) {
    this.config = config;
    this.windowNanos = config.window().toNanos();
    this.probeNanos = config.probeInterval().toNanos();
    this.estimate = config.initialLimit();
    this.windowStart = nowNanos;
    startProbe();
  }

  /**
   * @return the calls in flight with this one when it is admitted, or 0 when it is shed
   */
  int tryAcquire() {
    int current;
    do {
      current = inFlight.get();
      if (current >= limit) {
        return 0;
      }
    } while (!inFlight.compareAndSet(current, current + 1));
    return current + 1;
  }

  int limit() {
    return limit;
  }

  int inFlight() {
    return inFlight.get();
  }

  /**
   * Ends an admitted call.
   *
   * @param inFlightAtStart what {@link #tryAcquire()} returned for it
   */
  void release(Sample sample, long rttNanos, int inFlightAtStart, long nowNanos) {
    inFlight.decrementAndGet();
    if (sample != Sample.IGNORE) {
      add(sample == Sample.DROP, Math.max(1, rttNanos), inFlightAtStart, nowNanos);
    }
  }

  private synchronized void add(boolean drop, long rtt, int inFlightAtStart, long now) {
    if (drop) {
      dropped = true;
    } else {
      sum += rtt;
      count++;
      min = Math.min(min, rtt);
    }
    maxInFlight = Math.max(maxInFlight, inFlightAtStart);
    long length = probing ? probeWindowNanos : Math.max(windowNanos, 2 * min);
    if ((count >= config.windowSamples() || (dropped && count == 0 && !probing))
        && now - windowStart >= length) {
      endWindow(now);
    }
  }

  private void endWindow(long now) {
    long mean = count == 0 ? 0 : sum / count;
    if (probing) {
      // The queue has drained at the probe's low limit: its shortest RTT is the no-load RTT.
      probing = false;
      if (count > 0) {
        noLoad = min;
      }
      nextProbe = now + probeNanos / 2 + ThreadLocalRandom.current().nextLong(probeNanos / 2 + 1);
      setLimit(estimate);
    } else {
      if (count > 0) {
        noLoad = noLoad == 0 ? min : Math.min(noLoad, min);
        lastMean = mean;
      }
      update(mean);
      if (now - nextProbe >= 0) {
        startProbe();
      }
    }
    windowStart = now;
    sum = 0;
    count = 0;
    min = Long.MAX_VALUE;
    maxInFlight = 0;
    dropped = false;
  }

  /** Vegas, as Netflix's {@code VegasLimit} updates its estimate from a window. */
  private void update(long rtt) {
    double l = estimate;
    int step = log10(l);
    double next;
    if (dropped) {
      next = l - step;
    } else if (rtt == 0 || noLoad == 0) {
      return;
    } else if (maxInFlight * 2 < l) {
      return; // the caller, not the service, limits the traffic: no growth
    } else {
      double queue = Math.ceil(l * (1 - (double) noLoad / rtt));
      if (queue <= step) {
        next = l + 6 * step;
      } else if (queue < 3 * step) {
        next = l + step;
      } else if (queue > 6 * step) {
        next = l - step;
      } else {
        return;
      }
    }
    estimate = Math.max(config.minLimit(), Math.min(config.maxLimit(), next));
    setLimit(estimate);
  }

  /** Netflix's {@code Log10RootFunction}: {@code log10(limit)}, at least 1. */
  private static int log10(double limit) {
    return Math.max(1, (int) Math.log10(limit));
  }

  /** Lowers the limit to a quarter for one window, so the no-load RTT can be measured again. */
  private void startProbe() {
    probing = true;
    // Long enough for the calls admitted under the old limit to drain, then a window.
    probeWindowNanos = Math.max(windowNanos, 4 * lastMean);
    limit = Math.max(config.minLimit(), (int) Math.ceil(estimate / 4));
  }

  private void setLimit(double value) {
    limit = Math.max(config.minLimit(), (int) value);
  }
}
