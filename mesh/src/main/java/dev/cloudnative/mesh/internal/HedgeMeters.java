package dev.cloudnative.mesh.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;

/**
 * The {@code mesh.hedges} counters of one service, one per {@link Outcome}, resolved when its
 * runtime is made. {@link #NOOP} holds none. Thread-safe (Micrometer's counters are).
 */
final class HedgeMeters {

  static final String HEDGES = "mesh.hedges";

  /** What became of a hedge, as the {@code outcome} tag shows it. */
  enum Outcome {
    /** Its answer ended the call. */
    WON,
    /** Another attempt's answer ended the call first; the hedge was cancelled. */
    LOST,
    /** It failed. */
    FAILED,
    /** It was due but not sent: the retry budget, the concurrency limit or no other endpoint. */
    REFUSED;

    final String tag = name().toLowerCase(Locale.ROOT);
  }

  static final HedgeMeters NOOP = new HedgeMeters(null, null);

  private final MeterRegistry registry;
  private final Counter[] byOutcome;

  private HedgeMeters(MeterRegistry registry, Counter[] byOutcome) {
    this.registry = registry;
    this.byOutcome = byOutcome;
  }

  static HedgeMeters of(MeterRegistry registry, String service) {
    if (registry == null) {
      return NOOP;
    }
    Outcome[] outcomes = Outcome.values();
    Counter[] counters = new Counter[outcomes.length];
    for (Outcome o : outcomes) {
      counters[o.ordinal()] =
          Counter.builder(HEDGES)
              .description(
                  "Hedged attempts the mesh sent or refused to send, by what became of them")
              .tag("service", service)
              .tag("outcome", o.tag)
              .register(registry);
    }
    return new HedgeMeters(registry, counters);
  }

  void count(Outcome outcome) {
    if (byOutcome != null) {
      byOutcome[outcome.ordinal()].increment();
    }
  }

  void remove() {
    if (byOutcome != null) {
      MeshMeters.remove(registry, List.of(byOutcome));
    }
  }
}
