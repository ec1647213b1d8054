package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.KubernetesAlreadyExistsException;
import dev.cloudnative.kubernetes.KubernetesConflictException;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesForbiddenException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.KubernetesUnreachableException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Each API answer maps to its typed exception, keeping the context and the server's message. */
class ErrorsTest {

  private static RuntimeException map(int code, String reason) {
    return Errors.map(
        new KubernetesClientException(
            "failed",
            code,
            new StatusBuilder()
                .withCode(code)
                .withReason(reason)
                .withMessage("server says " + reason)
                .build()),
        "Deployment",
        "shop",
        "web");
  }

  @Test
  void statusCodesMapToTypedExceptions() {
    assertThat(map(404, "NotFound")).isInstanceOf(KubernetesNotFoundException.class);
    assertThat(map(409, "AlreadyExists")).isInstanceOf(KubernetesAlreadyExistsException.class);
    assertThat(map(409, "Conflict"))
        .isInstanceOf(KubernetesConflictException.class)
        .isNotInstanceOf(KubernetesAlreadyExistsException.class);
    assertThat(map(401, "Unauthorized")).isInstanceOf(KubernetesForbiddenException.class);
    assertThat(map(403, "Forbidden")).isInstanceOf(KubernetesForbiddenException.class);
    assertThat(map(504, "Timeout")).isInstanceOf(KubernetesUnreachableException.class);
    assertThat(map(422, "Invalid"))
        .isInstanceOf(KubernetesInvalidException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(KubernetesException.class);
    KubernetesException other = (KubernetesException) map(500, "InternalError");
    assertThat(other.getClass()).isEqualTo(KubernetesException.class);
    assertThat(other.statusCode()).isEqualTo(500);
    assertThat(other)
        .hasMessageContaining("Deployment shop/web")
        .hasMessageContaining("server says InternalError");
    assertThat(other.kind()).isEqualTo("Deployment");
    assertThat(other.namespace()).isEqualTo("shop");
    assertThat(other.name()).isEqualTo("web");
  }

  @Test
  void connectionFailuresAreUnreachable() {
    RuntimeException e =
        Errors.map(
            new KubernetesClientException("boom", new ConnectException("refused")),
            "Pod",
            "shop",
            "p");
    assertThat(e)
        .isInstanceOf(KubernetesUnreachableException.class)
        .hasMessageContaining("ConnectException");
    assertThat(e.getCause()).isInstanceOf(KubernetesClientException.class);
  }
}
