package dev.cloudnative.docker;

/**
 * A call did not finish within its own deadline; the underlying stream was closed.
 *
 * <p>Immutable and thread-safe.
 */
public class DockerTimeoutException extends DockerException {
  private static final long serialVersionUID = 1L;

  public DockerTimeoutException(String message, String endpoint, String resource, Throwable cause) {
    super(message, endpoint, resource, cause);
  }

  public DockerTimeoutException(String message, String endpoint, String resource) {
    super(message, endpoint, resource, null);
  }
}
