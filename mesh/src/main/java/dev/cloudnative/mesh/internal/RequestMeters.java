package dev.cloudnative.mesh.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code mesh.request.duration} timers of one endpoint within one subset, one per {@link
 * AttemptOutcome}, resolved when the endpoint joins the subset and removed when it leaves. {@link
 * #NOOP} holds none. Thread-safe (Micrometer's timers are).
 */
final class RequestMeters {

  static final RequestMeters NOOP = new RequestMeters(null, null);

  private final MeterRegistry registry;
  private final Timer[] byOutcome;

  RequestMeters(MeterRegistry registry, Timer[] byOutcome) {
    this.registry = registry;
    this.byOutcome = byOutcome;
  }

  void record(AttemptOutcome outcome, long nanos) {
    if (byOutcome != null) {
      byOutcome[outcome.ordinal()].record(Math.max(0L, nanos), TimeUnit.NANOSECONDS);
    }
  }

  void remove() {
    if (byOutcome != null) {
      MeshMeters.remove(registry, List.of(byOutcome));
    }
  }
}
