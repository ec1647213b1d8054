package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule path of an Ingress: requests for {@code host} (any host when empty) whose path matches
 * {@code path} go to port {@code servicePort} of Service {@code service}.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param host the rule's host, empty for every host
 * @param path an absolute path such as {@code /} or {@code /api}
 * @param pathType how {@code path} matches ({@code Prefix} by default in the builder)
 * @param service the backend Service's name
 * @param servicePort the backend Service's port number
 */
public record IngressRoute(
    Optional<String> host, String path, PathType pathType, String service, int servicePort) {

  /** {@code pathType} of an Ingress path. Immutable enum, thread-safe. */
  public enum PathType {
    PREFIX("Prefix"),
    EXACT("Exact"),
    IMPLEMENTATION_SPECIFIC("ImplementationSpecific");

    private final String apiName;

    PathType(String apiName) {
      this.apiName = apiName;
    }

    /** The type as the API spells it. */
    public String apiName() {
      return apiName;
    }
  }

  public IngressRoute {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pathType, "pathType");
    host.ifPresent(h -> Validation.subdomain("Ingress", "", "spec.rules.host", h));
    if (!path.startsWith("/")) {
      throw KubernetesInvalidException.rejected(
          "Ingress",
          "",
          "",
          "spec.rules.http.paths.path",
          "must be absolute, found '" + path + "'");
    }
    Validation.dns1035("Ingress", "", "spec.rules.http.paths.backend.service.name", service);
    Validation.port(
        "Ingress", "", "", "spec.rules.http.paths.backend.service.port.number", servicePort);
  }
}
