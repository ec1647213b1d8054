package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired state of a Service. Reads as a sentence:
 *
 * <pre>{@code
 * ServiceSpec svc = ServiceSpec.named("web").inNamespace("shop")
 *     .port(80).to(8080).as(ServiceType.NODE_PORT).build();
 * }</pre>
 *
 * <p>Defaults: ClusterIP, selector {@code app=<name>}, namespace unset (the cluster's default).
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 */
public record ServiceSpec(
    String namespace,
    String name,
    ServiceType type,
    Map<String, String> selector,
    List<ServicePort> ports)
    implements ResourceSpec {

  private static final String KIND = "Service";

  public ServiceSpec {
    Validation.dns1035(KIND, namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    selector = Validation.labels(KIND, namespace, name, "spec.selector", selector);
    ports = List.copyOf(ports);
    if (ports.isEmpty()) {
      throw KubernetesInvalidException.rejected(
          KIND, namespace, name, "spec.ports", "a service needs at least one port, found none");
    }
    for (ServicePort p : ports) {
      Validation.port(KIND, namespace, name, "spec.ports.port", p.port());
      Validation.port(KIND, namespace, name, "spec.ports.targetPort", p.targetPort());
      if (p.nodePort() != 0) {
        Validation.port(KIND, namespace, name, "spec.ports.nodePort", p.nodePort());
        if (type == ServiceType.CLUSTER_IP) {
          throw KubernetesInvalidException.rejected(
              KIND,
              namespace,
              name,
              "spec.ports.nodePort",
              "nodePort " + p.nodePort() + " needs type NodePort or LoadBalancer, found ClusterIP");
        }
      }
    }
    if (ports.size() > 1 && ports.stream().anyMatch(p -> p.name().isEmpty())) {
      throw KubernetesInvalidException.rejected(
          KIND,
          namespace,
          name,
          "spec.ports.name",
          "every port must be named when a service has more than one port");
    }
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace;
    private ServiceType type = ServiceType.CLUSTER_IP;
    private Map<String, String> selector;
    private final List<ServicePort> ports = new ArrayList<>();
    private String pendingName = "";
    private int pendingPort;
    private int pendingNodePort;

    private Builder(String name) {
      this.name = name;
    }

    public Builder inNamespace(String ns) {
      this.namespace = ns;
      return this;
    }

    public Builder as(ServiceType serviceType) {
      this.type = serviceType;
      return this;
    }

    /** Replaces the default selector {@code app=<name>}. */
    public Builder selecting(Map<String, String> podLabels) {
      this.selector = new LinkedHashMap<>(podLabels);
      return this;
    }

    /**
     * Starts a port; finish with {@link #to(int)} (or leave it and the target port equals the
     * port).
     */
    public Builder port(int port) {
      flush();
      this.pendingPort = port;
      return this;
    }

    public Builder port(String portName, int port) {
      port(port);
      this.pendingName = portName;
      return this;
    }

    public Builder onNodePort(int nodePort) {
      this.pendingNodePort = nodePort;
      return this;
    }

    /** Sets the container port the last {@link #port} forwards to. */
    public Builder to(int targetPort) {
      if (pendingPort == 0) {
        throw KubernetesInvalidException.rejected(
            KIND,
            namespace,
            name,
            "spec.ports.targetPort",
            "to(" + targetPort + ") needs a preceding port(...)");
      }
      ports.add(new ServicePort(pendingName, pendingPort, targetPort, pendingNodePort));
      pendingPort = 0;
      pendingName = "";
      pendingNodePort = 0;
      return this;
    }

    private void flush() {
      if (pendingPort != 0) {
        to(pendingPort);
      }
    }

    public ServiceSpec build() {
      flush();
      Map<String, String> sel = selector != null ? selector : Map.of("app", name);
      return new ServiceSpec(namespace, name, type, sel, ports);
    }
  }
}
