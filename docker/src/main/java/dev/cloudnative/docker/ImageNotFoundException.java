package dev.cloudnative.docker;

/**
 * The referenced image does not exist locally or in the registry.
 *
 * <p>Immutable and thread-safe.
 */
public class ImageNotFoundException extends DockerException {
  private static final long serialVersionUID = 1L;

  public ImageNotFoundException(String message, String endpoint, String resource, Throwable cause) {
    super(message, endpoint, resource, cause);
  }

  public ImageNotFoundException(String message, String endpoint, String resource) {
    super(message, endpoint, resource, null);
  }
}
