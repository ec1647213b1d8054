package dev.cloudnative.mesh;

/** How a circuit breaker's sliding window is measured. Immutable; thread-safe. */
public enum SlidingWindowType {
  /** The last N call outcomes. */
  COUNT_BASED,
  /** The outcomes of the last N seconds, in one-second buckets. */
  TIME_BASED
}
