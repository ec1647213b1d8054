package dev.cloudnative.mesh;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
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
 * @param stopReasons calls that ended, by how they ended; every {@link StopReason} is a key (zero
 *     when none ended so). The counts sum to {@code calls} less the calls still in progress.
 */
public record ServiceStats(
    String service,
    long calls,
    long retries,
    long rejections,
    Optional<CircuitState> circuitState,
    Map<String, SubsetStats> subsets,
    Map<StopReason, Long> stopReasons) {

  public ServiceStats {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(circuitState, "circuitState");
    Objects.requireNonNull(subsets, "subsets");
    subsets = Map.copyOf(subsets);
    Map<StopReason, Long> all = new EnumMap<>(StopReason.class);
    for (StopReason reason : StopReason.values()) {
      all.put(reason, 0L);
    }
    for (Map.Entry<StopReason, Long> e :
        Objects.requireNonNull(stopReasons, "stopReasons").entrySet()) {
      all.put(
          Objects.requireNonNull(e.getKey(), "stopReasons key"),
          Objects.requireNonNull(e.getValue(), "stopReasons value"));
    }
    // declaration order (SUCCEEDED first) reads better in logs than Map.copyOf's hash order
    stopReasons = Collections.unmodifiableMap(all);
  }

  /** Counters without stop reasons (all zero), as before stop reasons were counted. */
  public ServiceStats(
      String service,
      long calls,
      long retries,
      long rejections,
      Optional<CircuitState> circuitState,
      Map<String, SubsetStats> subsets) {
    this(service, calls, retries, rejections, circuitState, subsets, Map.of());
  }

  /**
   * @return how many calls ended with {@code reason}
   */
  public long stopped(StopReason reason) {
    return stopReasons.get(Objects.requireNonNull(reason, "reason"));
  }
}
