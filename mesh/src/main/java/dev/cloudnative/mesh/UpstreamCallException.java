package dev.cloudnative.mesh;

/**
 * Thrown when the call to an endpoint failed with an exception and no retry was allowed or left
 * (attempts exhausted, retry budget spent, deadline reached, or the failure is not retryable). The
 * cause is the last attempt's failure. Immutable and thread-safe.
 */
public final class UpstreamCallException extends MeshException {

  private final Endpoint endpoint;
  private final int attempts;

  public UpstreamCallException(
      String service, Endpoint endpoint, int attempts, String why, Throwable cause) {
    super(
        service,
        "Call to service '"
            + service
            + "' failed on endpoint "
            + endpoint.id()
            + " after "
            + attempts
            + " attempt(s): "
            + why
            + ": "
            + cause,
        cause);
    this.endpoint = endpoint;
    this.attempts = attempts;
  }

  /**
   * @return the endpoint of the last attempt
   */
  public Endpoint endpoint() {
    return endpoint;
  }

  /**
   * @return how many attempts were made
   */
  public int attempts() {
    return attempts;
  }
}
