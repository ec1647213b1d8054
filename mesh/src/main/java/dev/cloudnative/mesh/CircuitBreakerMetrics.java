package dev.cloudnative.mesh;

import java.util.Objects;

/**
 * A point-in-time reading of a circuit breaker's sliding window. Rates are percentages, or {@code
 * -1} while fewer than the minimum number of calls were recorded (Resilience4j's convention).
 * Immutable value; thread-safe.
 *
 * @param state the state when read
 * @param bufferedCalls calls in the current window (or of the half-open trial)
 * @param failedCalls failed calls among them
 * @param slowCalls slow calls among them
 * @param failureRate failure percentage, or -1
 * @param slowCallRate slow-call percentage, or -1
 * @param notPermittedCalls calls rejected since the breaker was created
 */
public record CircuitBreakerMetrics(
    CircuitState state,
    int bufferedCalls,
    int failedCalls,
    int slowCalls,
    float failureRate,
    float slowCallRate,
    long notPermittedCalls) {

  public CircuitBreakerMetrics {
    Objects.requireNonNull(state, "state");
  }
}
