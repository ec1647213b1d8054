package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.KubernetesAlreadyExistsException;
import dev.cloudnative.kubernetes.KubernetesConflictException;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesForbiddenException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.KubernetesUnreachableException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/** Maps fabric8 failures to this module's typed exceptions. Stateless and thread-safe. */
final class Errors {
  private Errors() {}

  static RuntimeException map(
      KubernetesClientException e, String kind, String namespace, String name) {
    Status status = e.getStatus();
    int code = e.getCode();
    String reason = status == null ? "" : Objects.requireNonNullElse(status.getReason(), "");
    String serverMessage =
        status == null || status.getMessage() == null ? e.getMessage() : status.getMessage();
    String what =
        kind
            + (namespace == null || namespace.isEmpty() ? " " : " " + namespace + "/")
            + (name == null ? "" : name);
    if (code == 0 || isConnectionFailure(e)) {
      return new KubernetesUnreachableException(
          "API server unreachable while handling " + what + ": " + rootMessage(e),
          kind,
          namespace,
          name,
          0,
          e);
    }
    String message =
        what + ": HTTP " + code + (reason.isEmpty() ? "" : " " + reason) + ": " + serverMessage;
    return switch (code) {
      case 404 -> new KubernetesNotFoundException(message, kind, namespace, name, code, e);
      case 409 ->
          "AlreadyExists".equals(reason)
              ? new KubernetesAlreadyExistsException(message, kind, namespace, name, code, e)
              : new KubernetesConflictException(message, kind, namespace, name, code, e);
      case 401, 403 -> new KubernetesForbiddenException(message, kind, namespace, name, code, e);
      case 400, 422 ->
          new KubernetesInvalidException(message, kind, namespace, name, code, causes(status), e);
      case 408, 504 -> new KubernetesUnreachableException(message, kind, namespace, name, code, e);
      default -> new KubernetesException(message, kind, namespace, name, code, e);
    };
  }

  private static List<KubernetesInvalidException.FieldCause> causes(Status status) {
    List<KubernetesInvalidException.FieldCause> out = new ArrayList<>();
    if (status != null && status.getDetails() != null && status.getDetails().getCauses() != null) {
      for (StatusCause c : status.getDetails().getCauses()) {
        out.add(
            new KubernetesInvalidException.FieldCause(
                Objects.requireNonNullElse(c.getField(), ""),
                Objects.requireNonNullElse(c.getReason(), ""),
                Objects.requireNonNullElse(c.getMessage(), "")));
      }
    }
    return out;
  }

  private static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
