package dev.cloudnative.docker;

/**
 * A readiness wait did not succeed: the deadline passed or the container exited first. The message
 * carries the reason and the log tail.
 *
 * <p>Immutable and thread-safe.
 */
public class ContainerNotReadyException extends DockerException {
  private static final long serialVersionUID = 1L;

  public ContainerNotReadyException(
      String message, String endpoint, String resource, Throwable cause) {
    super(message, endpoint, resource, cause);
  }

  public ContainerNotReadyException(String message, String endpoint, String resource) {
    super(message, endpoint, resource, null);
  }
}
