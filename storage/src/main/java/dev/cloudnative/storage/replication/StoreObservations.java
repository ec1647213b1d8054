package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.Consistency;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;

/**
 * Starts the store's observations ({@code storage.get}, {@code storage.put}, ...), whose
 * low-cardinality key values are the meter tags {@code operation} and {@code consistency} (built
 * once per pair here). When the registry reports {@link ObservationRegistry#isNoop()} nothing is
 * created at all: {@link #start} returns {@link Observation#NOOP}, whose scope, error and stop are
 * constant no-ops, so the hot path allocates nothing for it. Immutable and therefore thread-safe
 * (the registry is Micrometer's, and thread-safe).
 */
final class StoreObservations {
  private static final Consistency[] LEVELS = Consistency.values();
  private static final int CONSISTENCIES = LEVELS.length + 1;

  private final ObservationRegistry registry;
  private final KeyValues[] keyValues;

  StoreObservations(ObservationRegistry registry) {
    this.registry = registry;
    StoreOperation[] ops = StoreOperation.values();
    this.keyValues = new KeyValues[ops.length * CONSISTENCIES];
    for (StoreOperation op : ops) {
      for (int level = 0; level < CONSISTENCIES; level++) {
        String c = level == LEVELS.length ? "none" : LEVELS[level].name().toLowerCase(Locale.ROOT);
        keyValues[op.ordinal() * CONSISTENCIES + level] =
            KeyValues.of("operation", op.tag(), "consistency", c);
      }
    }
  }

  /**
   * A started observation of {@code operation} at {@code consistency} (null for operations without
   * a level), or {@link Observation#NOOP} when the registry is a no-op.
   */
  Observation start(StoreOperation operation, Consistency consistency) {
    if (registry.isNoop()) {
      return Observation.NOOP;
    }
    int level = consistency == null ? LEVELS.length : consistency.ordinal();
    return Observation.createNotStarted(operation.observationName(), registry)
        .lowCardinalityKeyValues(keyValues[operation.ordinal() * CONSISTENCIES + level])
        .start();
  }
}
