package dev.cloudnative.kubernetes;

import java.util.List;

/**
 * A spec was rejected, either client-side before any call (invalid DNS-1123 name, negative
 * replicas, port out of range, empty image; {@link #statusCode()} is 0) or by the API server's
 * validation (HTTP 422), with the offending fields in {@link #causes()}.
 *
 * <p>Immutable and therefore thread-safe.
 */
public class KubernetesInvalidException extends KubernetesException {
  private static final long serialVersionUID = 1L;

  /**
   * One rejected field: its JSON path (e.g. {@code spec.replicas}), the reason and the server's
   * message.
   */
  public record FieldCause(String field, String reason, String message) {}

  private final List<FieldCause> causes;

  public KubernetesInvalidException(
      String message,
      String kind,
      String namespace,
      String name,
      int statusCode,
      List<FieldCause> causes,
      Throwable cause) {
    super(message, kind, namespace, name, statusCode, cause);
    this.causes = List.copyOf(causes);
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

  /**
   * The fields the server (or the client-side check) rejected; never empty for client-side
   * rejections.
   */
  public List<FieldCause> causes() {
    return causes;
  }
}
