package dev.cloudnative.kubernetes;

/**
 * The addressed resource (or its namespace) does not exist (HTTP 404).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class KubernetesNotFoundException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  public KubernetesNotFoundException(
      String message, String kind, String namespace, String name, int statusCode, Throwable cause) {
    super(message, kind, namespace, name, statusCode, cause);
  }
}
