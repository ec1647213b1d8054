package dev.cloudnative.kubernetes;

import java.util.Objects;

/**
 * Base of every operational failure raised by this module: a refused or failed API call or a
 * rollout that did not finish in time. A spec rejected as invalid (by the client-side check or the
 * server's validation) is a {@link KubernetesInvalidException}, an {@link
 * IllegalArgumentException}. Carries the kind, namespace and name of the resource concerned (empty
 * strings when not applicable) and the HTTP status code when the API server answered (0 otherwise).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class KubernetesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String namespace;
  private final String name;
  private final int statusCode;

  public KubernetesException(
      String message, String kind, String namespace, String name, int statusCode, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNullElse(kind, "");
    this.namespace = Objects.requireNonNullElse(namespace, "");
    this.name = Objects.requireNonNullElse(name, "");
    this.statusCode = statusCode;
  }

  /** The resource kind, e.g. {@code Deployment}; empty when the failure concerns no single kind. */
  public String kind() {
    return kind;
  }

  /** The namespace of the resource; empty for cluster-scoped resources or when unknown. */
  public String namespace() {
    return namespace;
  }

  /** The resource name; empty when the call addressed a collection. */
  public String name() {
    return name;
  }

  /** The HTTP status code the API server answered with, or 0 when no answer was received. */
  public int statusCode() {
    return statusCode;
  }
}
