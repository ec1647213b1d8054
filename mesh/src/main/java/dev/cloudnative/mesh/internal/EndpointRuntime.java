package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.circuitbreaker.SlidingWindowCircuitBreaker;
import dev.cloudnative.mesh.outlier.OutlierState;
import dev.cloudnative.mesh.stats.EndpointRecorder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-lived state of one endpoint of a service: its circuit breaker, outlier state, in-flight
 * counter and statistics. It survives registry updates (matched by endpoint id) so that a weight
 * change does not reset a circuit. Thread-safe.
 */
final class EndpointRuntime {

  final String id;
  final SlidingWindowCircuitBreaker breaker;
  final OutlierState outlier;
  final AtomicInteger inFlight = new AtomicInteger();
  final EndpointRecorder stats = new EndpointRecorder();
  volatile Endpoint endpoint;

  EndpointRuntime(Endpoint endpoint, SlidingWindowCircuitBreaker breaker) {
    this.id = endpoint.id();
    this.endpoint = endpoint;
    this.breaker = breaker;
    this.outlier = new OutlierState(endpoint.id());
  }
}
