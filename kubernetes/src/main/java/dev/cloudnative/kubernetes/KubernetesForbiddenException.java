package dev.cloudnative.kubernetes;

/**
 * The credentials were refused (HTTP 401) or lack the permission for the call (HTTP 403).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class KubernetesForbiddenException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  public KubernetesForbiddenException(
      String message, String kind, String namespace, String name, int statusCode, Throwable cause) {
    super(message, kind, namespace, name, statusCode, cause);
  }
}
