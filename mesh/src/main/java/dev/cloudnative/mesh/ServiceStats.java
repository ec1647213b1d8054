package dev.cloudnative.mesh;

import java.util.Map;
import java.util.Optional;

/**
 * Counters of one service at one point in time. Immutable; thread-safe.
 *
 * @param service service name
 * @param calls calls made (each may take several attempts)
 * @param retries attempts beyond the first
 * @param rejections calls rejected by the service circuit breaker, a route fault, or for lack of a
 *     route
 * @param circuitState state of the service-level circuit breaker, when one is configured
 * @param subsets per-subset counters (the same endpoint may appear under several subsets)
 */
public record ServiceStats(
    String service,
    long calls,
    long retries,
    long rejections,
    Optional<CircuitState> circuitState,
    Map<String, SubsetStats> subsets) {

  public ServiceStats {
    subsets = Map.copyOf(subsets);
  }
}
