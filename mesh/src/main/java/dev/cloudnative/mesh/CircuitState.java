package dev.cloudnative.mesh;

/** The states of a circuit breaker (Resilience4j's semantics). Immutable; thread-safe. */
public enum CircuitState {
  /** Calls flow; outcomes are recorded in the sliding window. */
  CLOSED,
  /** Calls are rejected until the wait duration in open state has passed. */
  OPEN,
  /** A limited number of trial calls decide between CLOSED and OPEN. */
  HALF_OPEN
}
