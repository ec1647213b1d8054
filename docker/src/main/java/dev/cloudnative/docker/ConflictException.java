package dev.cloudnative.docker;

/**
 * The engine refused the call because of the resource's state (name in use, container not running,
 * image in use).
 *
 * <p>Immutable and thread-safe.
 */
public class ConflictException extends DockerException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message, String endpoint, String resource, Throwable cause) {
    super(message, endpoint, resource, cause);
  }

  public ConflictException(String message, String endpoint, String resource) {
    super(message, endpoint, resource, null);
  }
}
