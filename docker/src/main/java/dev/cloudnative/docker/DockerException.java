package dev.cloudnative.docker;

/**
 * Base of every failure raised by this module; carries the engine endpoint and the resource
 * involved.
 *
 * <p>Immutable and thread-safe.
 */
public class DockerException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String endpoint;
  private final String resource;

  public DockerException(String message, String endpoint, String resource, Throwable cause) {
    super(message, cause);
    this.endpoint = endpoint == null ? "" : endpoint;
    this.resource = resource == null ? "" : resource;
  }

  public DockerException(String message, String endpoint, String resource) {
    this(message, endpoint, resource, null);
  }

  /**
   * The engine endpoint the call went to (e.g. {@code unix:///var/run/docker.sock}), empty if none.
   */
  public String endpoint() {
    return endpoint;
  }

  /** The container, image, volume or registry the call was about, empty if none. */
  public String resource() {
    return resource;
  }
}
