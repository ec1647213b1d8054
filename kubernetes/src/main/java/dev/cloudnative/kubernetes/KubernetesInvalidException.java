package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Objects;

/**
 * A spec was rejected, either client-side before any call (invalid DNS-1123 name, negative
 * replicas, port out of range, empty image; {@link #statusCode()} is 0) or by the API server's
 * validation (HTTP 422), with the offending fields in {@link #causes()}.
 *
 * <p>Like every module's bad-input exception it is an {@link IllegalArgumentException}, not a
 * {@link KubernetesException}: an invalid spec is the caller's mistake, the same on every backend
 * (the in-memory cluster and the client check what the API server would refuse), and a {@code catch
 * (KubernetesException e)} meant for failed calls and timeouts must not swallow it. It carries the
 * same context (kind, namespace, name, status code).
 *
 * <p>Immutable and therefore thread-safe.
 */
public class KubernetesInvalidException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * One rejected field: its JSON path (e.g. {@code spec.replicas}), the reason and the server's
   * message.
   */
  public record FieldCause(String field, String reason, String message) {}

  private final String kind;
  private final String namespace;
  private final String name;
  private final int statusCode;
  private final List<FieldCause> causes;

  public KubernetesInvalidException(
      String message,
      String kind,
      String namespace,
      String name,
      int statusCode,
      List<FieldCause> causes,
      Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNullElse(kind, "");
    this.namespace = Objects.requireNonNullElse(namespace, "");
    this.name = Objects.requireNonNullElse(name, "");
    this.statusCode = statusCode;
    this.causes = List.copyOf(causes);
  }

  /** YAML that could not be parsed into objects: nothing was applied. */
  public static KubernetesInvalidException unparsableYaml(String namespace, RuntimeException e) {
    return new KubernetesInvalidException(
        "cannot parse YAML: " + e.getMessage(),
        "",
        namespace,
        "",
        0,
        List.of(new FieldCause("", "ParseError", String.valueOf(e.getMessage()))),
        e);
  }

  /** Rejects a spec client-side: one field, no API call made. */
  public static KubernetesInvalidException rejected(
      String kind, String namespace, String name, String field, String message) {
    return new KubernetesInvalidException(
        kind
            + " "
            + (name == null || name.isEmpty() ? "" : name + " ")
            + "rejected before any call: "
            + field
            + ": "
            + message,
        kind,
        namespace,
        name,
        0,
        List.of(new FieldCause(field, "FieldValueInvalid", message)),
        null);
  }

  /** The resource kind, e.g. {@code Deployment}. */
  public String kind() {
    return kind;
  }

  /** The namespace of the resource; empty for cluster-scoped resources or when unknown. */
  public String namespace() {
    return namespace;
  }

  /** The resource name; empty when the spec had none yet. */
  public String name() {
    return name;
  }

  /** 422 when the API server refused the spec, 0 when the client-side check did. */
  public int statusCode() {
    return statusCode;
  }

  /**
   * The fields the server (or the client-side check) rejected; never empty for client-side
   * rejections.
   */
  public List<FieldCause> causes() {
    return causes;
  }
}
