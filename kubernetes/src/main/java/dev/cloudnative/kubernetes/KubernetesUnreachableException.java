package dev.cloudnative.kubernetes;

/**
 * The API server could not be reached or did not answer in time; no HTTP status is available.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class KubernetesUnreachableException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  public KubernetesUnreachableException(
      String message, String kind, String namespace, String name, int statusCode, Throwable cause) {
    super(message, kind, namespace, name, statusCode, cause);
  }
}
