package dev.cloudnative.kubernetes;

/**
 * A create was refused because a resource of that kind and name exists (HTTP 409, reason
 * AlreadyExists).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class KubernetesAlreadyExistsException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  public KubernetesAlreadyExistsException(
      String message, String kind, String namespace, String name, int statusCode, Throwable cause) {
    super(message, kind, namespace, name, statusCode, cause);
  }
}
