package dev.cloudnative.mesh;

import java.util.Objects;

/**
 * Thrown when the service-level circuit breaker is open (or half-open without a free permit) and
 * the call is rejected without reaching any endpoint; its stop reason is {@link
 * StopReason#CIRCUIT_OPEN}. Immutable and thread-safe.
 */
public final class CallNotPermittedException extends MeshException {

  private static final long serialVersionUID = 1L;

  private final CircuitState state;

  public CallNotPermittedException(String service, CircuitState state) {
    super(
        service,
        StopReason.CIRCUIT_OPEN,
        "Circuit breaker of service '"
            + service
            + "' is "
            + Objects.requireNonNull(state, "state")
            + " and does not permit further calls",
        null);
    this.state = state;
  }

  /**
   * @return the state of the circuit breaker when the call was rejected
   */
  public CircuitState state() {
    return state;
  }
}
