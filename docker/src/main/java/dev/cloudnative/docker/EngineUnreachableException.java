package dev.cloudnative.docker;

/**
 * The engine could not be reached (connection refused, socket missing, TLS failure or connect
 * timeout); the message names the host tried.
 *
 * <p>Immutable and thread-safe.
 */
public class EngineUnreachableException extends DockerException {
  private static final long serialVersionUID = 1L;

  public EngineUnreachableException(
      String message, String endpoint, String resource, Throwable cause) {
    super(message, endpoint, resource, cause);
  }

  public EngineUnreachableException(String message, String endpoint, String resource) {
    super(message, endpoint, resource, null);
  }
}
