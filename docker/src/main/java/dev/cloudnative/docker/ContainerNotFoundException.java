package dev.cloudnative.docker;

/**
 * The referenced container does not exist (never created, or already removed).
 *
 * <p>Immutable and thread-safe.
 */
public class ContainerNotFoundException extends DockerException {
  private static final long serialVersionUID = 1L;

  public ContainerNotFoundException(
      String message, String endpoint, String resource, Throwable cause) {
    super(message, endpoint, resource, cause);
  }

  public ContainerNotFoundException(String message, String endpoint, String resource) {
    super(message, endpoint, resource, null);
  }
}
