package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.balancer.PeakEwma;
import dev.cloudnative.mesh.circuitbreaker.SlidingWindowCircuitBreaker;
import dev.cloudnative.mesh.outlier.OutlierState;
import dev.cloudnative.mesh.stats.EndpointRecorder;
import dev.cloudnative.mesh.stats.StripedCounter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The long-lived state of one endpoint of a service: its circuit breaker, outlier state, in-flight
 * counter, latency estimate (Peak-EWMA), back-off deadline (Retry-After), slow-start clock,
 * statistics and meters. It survives registry updates (matched by endpoint id) so that a weight
 * change does not reset a circuit. Thread-safe.
 */
final class EndpointRuntime {

  final String id;
  final SlidingWindowCircuitBreaker breaker;
  final OutlierState outlier;
  // Striped per thread, like the recorder's counters: every attempt changes it twice, and callers
  // that take turns on an endpoint would otherwise move one cache line between cores each time.
  final StripedCounter inFlight = new StripedCounter();
  // The balancers' view of it (least request, Peak-EWMA), made once.
  final IntSupplier inFlightView = this::inFlightNow;
  final EndpointRecorder stats = new EndpointRecorder();
  // Set once, under the mesh's write lock, right after construction (the meters read this
  // runtime's recorder) and before the runtime is published.
  EndpointMeters meters = EndpointMeters.NOOP;
  // The latency estimate for Peak-EWMA, when the service's policy balances by it (else null, and
  // attempts skip it). Set once, like the meters, before the runtime is published.
  PeakEwma rtt;
  // The clock reading until which the endpoint asked not to be sent requests (Retry-After), or
  // EndpointBackOff.NONE.
  final AtomicLong backOffUntil = new AtomicLong(EndpointBackOff.NONE);
  volatile Endpoint endpoint;
  // Slow start: whether the endpoint was available (healthy, not ejected, circuit not open, not
  // backing off) when a view rebuild last looked, and since when. Only rebuilds of services with
  // slow start read and write them. Guarded by this (subsets rebuild under their own locks).
  private boolean available;
  private long availableSince;
  // Indexed by the subset's slot: this endpoint's request timers in each subset it belongs to.
  // Replaced copy-on-write under the mesh's write lock, read lock-free by attempts.
  private volatile RequestMeters[] requestMeters = new RequestMeters[0];

  /**
   * The attempts in flight, at least 0: an attempt's increment and decrement may fall on different
   * cells (a hedge ends on another thread), and a reading between the two is clamped.
   */
  int inFlightNow() {
    return (int) Math.max(0L, Math.min(Integer.MAX_VALUE, inFlight.sum()));
  }

  EndpointRuntime(Endpoint endpoint, SlidingWindowCircuitBreaker breaker) {
    this.id = endpoint.id();
    this.endpoint = endpoint;
    this.breaker = breaker;
    this.outlier = new OutlierState(endpoint.id());
  }

  /**
   * Tells the endpoint's slow-start clock whether it is available now: one that was not (new, or
   * unhealthy, ejected, open-circuited or backing off when last looked at) starts its window now.
   *
   * @return the clock reading since which the endpoint has been available (meaningful only while
   *     {@code availableNow})
   */
  synchronized long availableSince(boolean availableNow, long nowNanos) {
    if (availableNow && !available) {
      availableSince = nowNanos;
    }
    available = availableNow;
    return availableSince;
  }

  /**
   * @return the request timers of this endpoint in the subset of {@code slot} (a no-op set when it
   *     has none)
   */
  RequestMeters requests(int slot) {
    RequestMeters[] all = requestMeters;
    RequestMeters m = slot < all.length ? all[slot] : null;
    return m == null ? RequestMeters.NOOP : m;
  }

  /** Installs the request timers of the subset of {@code slot}; called under the write lock. */
  void requests(int slot, RequestMeters value) {
    RequestMeters[] next =
        java.util.Arrays.copyOf(requestMeters, Math.max(requestMeters.length, slot + 1));
    next[slot] = value;
    requestMeters = next;
  }
}
