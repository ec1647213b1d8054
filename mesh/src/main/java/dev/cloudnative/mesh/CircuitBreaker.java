package dev.cloudnative.mesh;

import dev.cloudnative.mesh.circuitbreaker.SlidingWindowCircuitBreaker;
import dev.cloudnative.mesh.event.MeshEventListener;

/**
 * A circuit breaker with Resilience4j's state machine (CLOSED → OPEN → HALF_OPEN → CLOSED/OPEN)
 * over a count-based or time-based sliding window. The mesh keeps one per endpoint (and optionally
 * one per service); it can also be used on its own.
 *
 * <p>Usage: {@code if (cb.tryAcquirePermission()) { long t0 = clock.nanoTime(); ...
 * cb.onSuccess(clock.nanoTime() - t0); }}. Every acquired permission must be followed by exactly
 * one of {@link #onSuccess}, {@link #onError} or {@link #releasePermission}.
 *
 * <p>Implementations are thread-safe; acquiring and recording neither lock nor allocate.
 */
public interface CircuitBreaker {

  /**
   * @return a circuit breaker on the given clock; {@code listener} receives its state transitions
   */
  static CircuitBreaker of(
      String name, CircuitBreakerConfig config, MeshClock clock, MeshEventListener listener) {
    return new SlidingWindowCircuitBreaker(name, "", "", config, clock, listener);
  }

  /**
   * @return a circuit breaker on the system clock without a listener
   */
  static CircuitBreaker of(String name, CircuitBreakerConfig config) {
    return of(name, config, MeshClock.system(), MeshEventListener.NONE);
  }

  String name();

  CircuitBreakerConfig config();

  /**
   * @return {@code true} when the call may proceed; in OPEN, the first call after the wait duration
   *     moves the breaker to HALF_OPEN and takes one of its permits
   */
  boolean tryAcquirePermission();

  /** Gives back a permission acquired for a call that was not executed. */
  void releasePermission();

  /** Records a successful call that took {@code durationNanos}. */
  void onSuccess(long durationNanos);

  /** Records a failed call that took {@code durationNanos}. */
  void onError(long durationNanos);

  CircuitState state();

  /**
   * @return the clock time (nanos) at which an OPEN breaker will admit a trial call; {@link
   *     Long#MIN_VALUE} when not OPEN
   */
  long openUntilNanos();

  CircuitBreakerMetrics metrics();

  /** Moves the breaker to CLOSED with an empty window (administrative reset). */
  void reset();
}
