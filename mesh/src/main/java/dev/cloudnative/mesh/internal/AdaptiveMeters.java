package dev.cloudnative.mesh.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The meters of a service's adaptive concurrency limit: the {@code mesh.concurrency.limit} gauge
 * (the limit now), the {@code mesh.concurrency.inflight} gauge (its calls in flight) and the {@code
 * mesh.concurrency.limit.rejections} counter (calls shed). {@link #NOOP} holds none. Thread-safe.
 */
final class AdaptiveMeters {

  static final String LIMIT = "mesh.concurrency.limit";
  static final String IN_FLIGHT = "mesh.concurrency.inflight";
  static final String REJECTIONS = "mesh.concurrency.limit.rejections";

  static final AdaptiveMeters NOOP = new AdaptiveMeters(null, null, List.of());

  private final MeterRegistry registry;
  private final Counter rejections;
  private final List<Meter> all;

  private AdaptiveMeters(MeterRegistry registry, Counter rejections, List<Meter> all) {
    this.registry = registry;
    this.rejections = rejections;
    this.all = all;
  }

  static AdaptiveMeters of(MeterRegistry registry, String service, AdaptiveLimiter limiter) {
    if (registry == null) {
      return NOOP;
    }
    Counter rejections =
        Counter.builder(REJECTIONS)
            .description("Calls the service's adaptive concurrency limit shed")
            .tag("service", service)
            .register(registry);
    Gauge limit =
        Gauge.builder(LIMIT, limiter, AdaptiveLimiter::limit)
            .description("The service's adaptive concurrency limit now")
            .tag("service", service)
            .strongReference(true)
            .register(registry);
    Gauge inFlight =
        Gauge.builder(IN_FLIGHT, limiter, AdaptiveLimiter::inFlight)
            .description("Calls of the service in flight under its adaptive concurrency limit")
            .tag("service", service)
            .strongReference(true)
            .register(registry);
    return new AdaptiveMeters(registry, rejections, List.of(rejections, limit, inFlight));
  }

  void shed() {
    if (rejections != null) {
      rejections.increment();
    }
  }

  void remove() {
    if (registry != null) {
      MeshMeters.remove(registry, all);
    }
  }
}
