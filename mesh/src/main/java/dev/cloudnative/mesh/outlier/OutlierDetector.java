package dev.cloudnative.mesh.outlier;

import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.OutlierDetectionConfig;
import dev.cloudnative.mesh.event.EndpointEjectedEvent;
import dev.cloudnative.mesh.event.EndpointReturnedEvent;
import dev.cloudnative.mesh.event.MeshEvent;
import dev.cloudnative.mesh.event.MeshEventListener;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy-style outlier detection over the endpoints of one service.
 *
 * <ul>
 *   <li>Consecutive failures: checked on every failed call; the N-th failure in a row ejects at
 *       once.
 *   <li>Success rate: at every interval, among endpoints with enough calls in the interval (and
 *       only when enough such endpoints exist), those whose success rate is below {@code mean −
 *       factor × stdev} are ejected.
 *   <li>Failure percentage: at every interval, endpoints whose failure percentage reaches the
 *       threshold.
 * </ul>
 *
 * An ejection lasts {@code baseEjectionTime × ejections} (capped at {@code maxEjectionTime}); the
 * ejection count grows with each ejection and shrinks by one at each interval the endpoint spends
 * back in service, so a flapping endpoint stays out longer. No more than {@code maxEjectionPercent}
 * of the endpoints are ejected at once, but one endpoint may always be. The interval sweep is
 * driven by calls ({@link #maybeSweep}) or explicitly ({@link #sweep}), so no background thread is
 * needed and tests drive it with a manual clock.
 *
 * <p>Thread-safe: outcome recording is lock-free; ejection decisions and sweeps take the detector's
 * lock.
 */
public final class OutlierDetector {

  private static final Logger LOG = LoggerFactory.getLogger(OutlierDetector.class);

  private final String service;
  private final OutlierDetectionConfig config;
  private final MeshEventListener listener;
  private final Runnable onAvailabilityChange;
  private final long intervalNanos;
  private volatile OutlierState[] members = new OutlierState[0];
  private volatile long nextSweep;

  /**
   * @param onAvailabilityChange run (outside the detector lock) after an endpoint was ejected or
   *     returned, so that the owner can rebuild its balancers
   */
  public OutlierDetector(
      String service,
      OutlierDetectionConfig config,
      MeshClock clock,
      MeshEventListener listener,
      Runnable onAvailabilityChange) {
    this.service = Objects.requireNonNull(service, "service");
    this.config = Objects.requireNonNull(config, "config");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.onAvailabilityChange =
        Objects.requireNonNull(onAvailabilityChange, "onAvailabilityChange");
    this.intervalNanos = config.interval().toNanos();
    this.nextSweep = Objects.requireNonNull(clock, "clock").nanoTime() + intervalNanos;
  }

  public OutlierDetectionConfig config() {
    return config;
  }

  /** Sets the endpoints the percentages and statistics are computed over. */
  public synchronized void setMembers(OutlierState[] states) {
    members = Objects.requireNonNull(states, "states").clone();
  }

  /** Records a successful call; allocation-free. */
  public void onSuccess(OutlierState state) {
    Objects.requireNonNull(state, "state");
    if (state.consecutiveFailures.get() != 0) {
      state.consecutiveFailures.set(0);
    }
    state.intervalSuccesses.increment();
  }

  /**
   * Records a failed call and ejects the endpoint when its consecutive failures reach the
   * threshold.
   */
  public void onFailure(OutlierState state, long nowNanos) {
    Objects.requireNonNull(state, "state");
    state.intervalFailures.increment();
    if (state.consecutiveFailures.incrementAndGet() >= config.consecutiveFailures()
        && !state.ejected) {
      boolean changed;
      synchronized (this) {
        changed =
            !state.ejected
                && state.consecutiveFailures.get() >= config.consecutiveFailures()
                && eject(state, nowNanos, "consecutive-failures");
      }
      if (changed) {
        onAvailabilityChange.run();
      }
    }
  }

  /** Runs the interval sweep when it is due; one volatile read otherwise. */
  public void maybeSweep(long nowNanos) {
    if (nowNanos - nextSweep >= 0) {
      sweep(nowNanos);
    }
  }

  /**
   * Returns endpoints whose ejection ended and, when an interval has passed, evaluates success
   * rates and failure percentages and starts a new interval.
   */
  public void sweep(long nowNanos) {
    boolean changed;
    synchronized (this) {
      changed = releaseExpiredLocked(nowNanos);
      if (nowNanos - nextSweep >= 0) {
        nextSweep = nowNanos + intervalNanos;
        changed |= evaluateIntervalLocked(nowNanos);
      }
    }
    if (changed) {
      onAvailabilityChange.run();
    }
  }

  /**
   * Returns endpoints whose ejection ended; called by the owner when it rebuilds at an ejection
   * deadline.
   */
  public synchronized void releaseExpired(long nowNanos) {
    releaseExpiredLocked(nowNanos);
  }

  private boolean releaseExpiredLocked(long nowNanos) {
    boolean changed = false;
    for (OutlierState s : members) {
      if (s.ejected && nowNanos - s.ejectedUntil >= 0) {
        s.ejected = false;
        s.consecutiveFailures.set(0);
        changed = true;
        LOG.info("Endpoint {} of service {} returns from ejection", s.endpointId, service);
        publish(new EndpointReturnedEvent(service, s.endpointId, nowNanos));
      }
    }
    return changed;
  }

  private boolean evaluateIntervalLocked(long nowNanos) {
    OutlierState[] all = members;
    int n = all.length;
    long[] successes = new long[n];
    long[] failures = new long[n];
    for (int i = 0; i < n; i++) {
      successes[i] = all[i].intervalSuccesses.sumThenReset();
      failures[i] = all[i].intervalFailures.sumThenReset();
      if (!all[i].ejected && all[i].ejections > 0) {
        all[i].ejections--;
      }
    }
    boolean changed = false;
    // Success rate: statistical outliers among endpoints with enough volume.
    int eligible = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      long volume = successes[i] + failures[i];
      if (!all[i].ejected && volume >= config.successRateRequestVolume()) {
        eligible++;
        sum += (double) successes[i] / volume;
      }
    }
    if (eligible >= config.successRateMinimumHosts()) {
      double mean = sum / eligible;
      double squares = 0;
      for (int i = 0; i < n; i++) {
        long volume = successes[i] + failures[i];
        if (!all[i].ejected && volume >= config.successRateRequestVolume()) {
          double d = (double) successes[i] / volume - mean;
          squares += d * d;
        }
      }
      double threshold = mean - config.successRateStdevFactor() * Math.sqrt(squares / eligible);
      for (int i = 0; i < n; i++) {
        long volume = successes[i] + failures[i];
        if (!all[i].ejected
            && volume >= config.successRateRequestVolume()
            && (double) successes[i] / volume < threshold) {
          changed |= eject(all[i], nowNanos, "success-rate");
        }
      }
    }
    // Failure percentage: an absolute bar.
    if (config.failurePercentageThreshold() != OutlierDetectionConfig.DISABLED) {
      int withVolume = 0;
      for (int i = 0; i < n; i++) {
        if (successes[i] + failures[i] >= config.failurePercentageRequestVolume()) {
          withVolume++;
        }
      }
      if (withVolume >= config.failurePercentageMinimumHosts()) {
        for (int i = 0; i < n; i++) {
          long volume = successes[i] + failures[i];
          if (!all[i].ejected
              && volume >= config.failurePercentageRequestVolume()
              && failures[i] * 100 >= (long) config.failurePercentageThreshold() * volume) {
            changed |= eject(all[i], nowNanos, "failure-percentage");
          }
        }
      }
    }
    return changed;
  }

  /** Caller holds the lock. */
  private boolean eject(OutlierState state, long nowNanos, String cause) {
    OutlierState[] all = members;
    int ejectedNow = 0;
    for (OutlierState s : all) {
      if (s.ejected) {
        ejectedNow++;
      }
    }
    int allowed = Math.max(1, all.length * config.maxEjectionPercent() / 100);
    if (config.maxEjectionPercent() == 0 || ejectedNow >= allowed) {
      LOG.debug(
          "Not ejecting {} of service {} ({}): {} of {} already ejected, max {}%",
          state.endpointId, service, cause, ejectedNow, all.length, config.maxEjectionPercent());
      return false;
    }
    state.ejections++;
    long base = config.baseEjectionTime().toNanos();
    long max = config.maxEjectionTime().toNanos();
    long duration = state.ejections > max / base ? max : Math.min(max, base * state.ejections);
    state.ejectedUntil = nowNanos + duration;
    state.ejected = true;
    LOG.info(
        "Ejecting endpoint {} of service {} for {} ms ({}, ejection #{})",
        state.endpointId,
        service,
        duration / 1_000_000,
        cause,
        state.ejections);
    publish(
        new EndpointEjectedEvent(
            service, state.endpointId, cause, state.ejections, state.ejectedUntil, nowNanos));
    return true;
  }

  private void publish(MeshEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.warn("Mesh event listener failed on {}", event, e);
    }
  }
}
