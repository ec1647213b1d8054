package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state of a {@code networking.k8s.io/v1} Ingress: HTTP routes from hosts and paths to
 * Services. Build it as a sentence:
 *
 * <pre>{@code
 * IngressSpec web = IngressSpec.named("web").inNamespace("shop").withClass("nginx")
 *     .route("shop.example.com", "/", "web", 80).route("shop.example.com", "/api", "api", 8080)
 *     .withTls("shop-tls", "shop.example.com").build();
 * }</pre>
 *
 * <p>Defaults: no ingress class (the cluster's default class), paths of type {@code Prefix}, no
 * TLS, namespace unset (the cluster's default namespace). At least one route is required. Every
 * value is validated by {@link Builder#build()} before any API call.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param ingressClass {@code spec.ingressClassName}; empty for the cluster's default class
 * @param routes the rules' paths, in order
 * @param tlsSecret {@code spec.tls[0].secretName}, empty without TLS
 * @param tlsHosts {@code spec.tls[0].hosts}
 */
public record IngressSpec(
    String namespace,
    String name,
    Optional<String> ingressClass,
    List<IngressRoute> routes,
    Optional<String> tlsSecret,
    List<String> tlsHosts)
    implements ResourceSpec {

  private static final String KIND = "Ingress";

  public IngressSpec {
    Validation.subdomain(KIND, namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    Objects.requireNonNull(ingressClass, "ingressClass");
    ingressClass.ifPresent(c -> Validation.subdomain(KIND, namespace, "spec.ingressClassName", c));
    routes = List.copyOf(routes);
    if (routes.isEmpty()) {
      throw KubernetesInvalidException.rejected(
          KIND, namespace, name, "spec.rules", "an Ingress needs at least one route, found none");
    }
    Objects.requireNonNull(tlsSecret, "tlsSecret");
    tlsSecret.ifPresent(s -> Validation.subdomain(KIND, namespace, "spec.tls.secretName", s));
    tlsHosts = List.copyOf(tlsHosts);
    tlsHosts.forEach(h -> Validation.subdomain(KIND, namespace, "spec.tls.hosts", h));
  }

  /** The distinct backend Services of the routes, in order of first use. */
  public List<String> backendServices() {
    return routes.stream().map(IngressRoute::service).distinct().toList();
  }

  /** Starts a spec for the Ingress {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** The namespace this spec lands in, given the cluster's default. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace;
    private String ingressClass;
    private final List<IngressRoute> routes = new ArrayList<>();
    private String tlsSecret;
    private final List<String> tlsHosts = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder inNamespace(String ns) {
      this.namespace = ns;
      return this;
    }

    /** The IngressClass whose controller serves this Ingress. */
    public Builder withClass(String className) {
      this.ingressClass = className;
      return this;
    }

    /** Routes {@code host} (null for every host) and paths with prefix {@code path} to a port. */
    public Builder route(String host, String path, String service, int servicePort) {
      return route(host, path, IngressRoute.PathType.PREFIX, service, servicePort);
    }

    public Builder route(
        String host, String path, IngressRoute.PathType type, String service, int servicePort) {
      routes.add(new IngressRoute(Optional.ofNullable(host), path, type, service, servicePort));
      return this;
    }

    /** Terminates TLS for {@code hosts} with the certificate in Secret {@code secret}. */
    public Builder withTls(String secret, String... hosts) {
      this.tlsSecret = secret;
      tlsHosts.clear();
      tlsHosts.addAll(List.of(hosts));
      return this;
    }

    /**
     * Validates and freezes the spec; throws {@link KubernetesInvalidException} naming the bad
     * field.
     */
    public IngressSpec build() {
      return new IngressSpec(
          namespace,
          name,
          Optional.ofNullable(ingressClass),
          routes,
          Optional.ofNullable(tlsSecret),
          tlsHosts);
    }
  }
}
