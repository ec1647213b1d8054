package dev.cloudnative.kubernetes;

/**
 * An update lost an optimistic-concurrency race or a server-side apply field-ownership conflict
 * (HTTP 409).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class KubernetesConflictException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  public KubernetesConflictException(
      String message, String kind, String namespace, String name, int statusCode, Throwable cause) {
    super(message, kind, namespace, name, statusCode, cause);
  }
}
