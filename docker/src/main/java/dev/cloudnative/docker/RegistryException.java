package dev.cloudnative.docker;

/**
 * A registry refused a push or pull (authentication, missing repository, transport); carries the
 * registry's own error text.
 *
 * <p>Immutable and thread-safe.
 */
public class RegistryException extends DockerException {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message, String endpoint, String resource, Throwable cause) {
    super(message, endpoint, resource, cause);
  }

  public RegistryException(String message, String endpoint, String resource) {
    super(message, endpoint, resource, null);
  }
}
