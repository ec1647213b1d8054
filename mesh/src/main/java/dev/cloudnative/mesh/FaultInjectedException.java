package dev.cloudnative.mesh;

/**
 * Thrown when a route's fault injection aborted the call (chaos testing). Carries the configured
 * status code so an HTTP caller can map it. Not counted against any endpoint; its stop reason is
 * {@link StopReason#FAULT_INJECTED}. Immutable and thread-safe.
 */
public final class FaultInjectedException extends MeshException {

  private static final long serialVersionUID = 1L;

  private final int status;

  public FaultInjectedException(String service, int status) {
    super(
        service,
        StopReason.FAULT_INJECTED,
        "Call to service '" + service + "' aborted by fault injection with status " + status,
        null);
    this.status = status;
  }

  /**
   * @return the status the fault injection aborts with
   */
  public int status() {
    return status;
  }
}
