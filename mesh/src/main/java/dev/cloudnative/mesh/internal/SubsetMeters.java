package dev.cloudnative.mesh.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of one subset: {@code mesh.concurrency.rejections}, the calls its concurrency limiter
 * turned away. {@link #NOOP} holds none. Thread-safe.
 */
final class SubsetMeters {

  static final SubsetMeters NOOP = new SubsetMeters();

  private final MeterRegistry registry;
  private final Counter rejections;

  private SubsetMeters() {
    this.registry = null;
    this.rejections = null;
  }

  SubsetMeters(MeterRegistry registry, String service, String subset) {
    this.registry = registry;
    this.rejections =
        Counter.builder(MeshMeters.CONCURRENCY_REJECTIONS)
            .description("Calls the subset's concurrency limit turned away")
            .tag("service", service)
            .tag("subset", subset)
            .register(registry);
  }

  void rejected() {
    if (rejections != null) {
      rejections.increment();
    }
  }

  void remove() {
    if (rejections != null) {
      registry.remove(rejections);
    }
  }
}
