package dev.cloudnative.mesh.event;

import dev.cloudnative.mesh.CircuitState;
import java.util.Objects;

/**
 * A circuit breaker changed state. Immutable; thread-safe.
 *
 * @param breaker name of the breaker (endpoint id for endpoint breakers, service name for service
 *     breakers)
 * @param service service of the breaker (empty for a standalone breaker)
 * @param subset subset of the breaker; empty, as endpoint breakers belong to the endpoint whatever
 *     its subsets
 * @param from previous state
 * @param to new state
 * @param atNanos mesh clock time
 */
public record CircuitStateTransitionEvent(
    String breaker, String service, String subset, CircuitState from, CircuitState to, long atNanos)
    implements MeshEvent {

  public CircuitStateTransitionEvent {
    Objects.requireNonNull(breaker, "breaker");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(subset, "subset");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
