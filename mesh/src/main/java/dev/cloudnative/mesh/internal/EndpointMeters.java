package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.circuitbreaker.SlidingWindowCircuitBreaker;
import dev.cloudnative.mesh.stats.EndpointRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of one endpoint of a service, whatever subsets it is in: its circuit breaker's ({@link
 * BreakerMeters}) and {@code mesh.outlier.ejections}. Resolved when the endpoint's runtime is made,
 * removed when the endpoint leaves the service. {@link #NOOP} holds none. Thread-safe.
 */
final class EndpointMeters {

  static final EndpointMeters NOOP = new EndpointMeters();

  final BreakerMeters breaker;
  private final MeterRegistry registry;
  private final Counter ejections;

  private EndpointMeters() {
    this.breaker = BreakerMeters.NOOP;
    this.registry = null;
    this.ejections = null;
  }

  EndpointMeters(
      MeterRegistry registry,
      String service,
      String endpoint,
      SlidingWindowCircuitBreaker circuitBreaker,
      EndpointRecorder outcomes) {
    this.registry = registry;
    this.breaker = new BreakerMeters(registry, service, endpoint, circuitBreaker, outcomes);
    this.ejections =
        Counter.builder(MeshMeters.OUTLIER_EJECTIONS)
            .description("Times outlier detection ejected the endpoint")
            .tag("service", service)
            .tag("endpoint", endpoint)
            .register(registry);
  }

  void ejected() {
    if (ejections != null) {
      ejections.increment();
    }
  }

  void remove() {
    breaker.remove();
    if (ejections != null) {
      registry.remove(ejections);
    }
  }
}
