package dev.cloudnative.mesh;

import java.util.Objects;

/**
 * Counters of one endpoint at one point in time. Immutable; thread-safe.
 *
 * @param endpoint the endpoint as last registered
 * @param requests attempts sent to it
 * @param successes attempts that succeeded
 * @param failures attempts that failed (exception or 5xx)
 * @param rejections picks of it refused by its circuit breaker
 * @param inFlight attempts running now
 * @param circuitState state of its circuit breaker
 * @param ejected whether outlier detection has it ejected now
 * @param latency attempt latencies
 */
public record EndpointStats(
    Endpoint endpoint,
    long requests,
    long successes,
    long failures,
    long rejections,
    int inFlight,
    CircuitState circuitState,
    boolean ejected,
    LatencySnapshot latency) {

  public EndpointStats {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(circuitState, "circuitState");
    Objects.requireNonNull(latency, "latency");
  }
}
