package dev.cloudnative.mesh;

/**
 * Base of every failure raised by the mesh. Subclasses carry the context of the failure (service,
 * subset, endpoint). Unchecked. Instances are immutable and thread-safe.
 */
public class MeshException extends RuntimeException {

  private final String service;

  public MeshException(String service, String message) {
    super(message);
    this.service = service;
  }

  public MeshException(String service, String message, Throwable cause) {
    super(message, cause);
    this.service = service;
  }

  /**
   * @return the logical service the failed call was addressed to
   */
  public String service() {
    return service;
  }
}
