package dev.cloudnative.mesh;

/**
 * Failure classes a {@link RetryPolicy} may retry (Envoy's {@code retry_on}). Immutable;
 * thread-safe.
 */
public enum RetryOn {
  /** The connection could not be established ({@link java.net.ConnectException} and friends). */
  CONNECT_FAILURE,
  /** The attempt exceeded its per-try timeout. */
  TIMEOUT,
  /** Any other I/O failure after connecting (reset, refused stream, premature close). */
  RESET,
  /** Any 5xx status. */
  SERVER_ERROR,
  /** 502, 503 and 504. */
  GATEWAY_ERROR,
  /** 503 only. */
  UNAVAILABLE
}
