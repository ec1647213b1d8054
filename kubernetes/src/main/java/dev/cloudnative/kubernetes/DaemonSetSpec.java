package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.PodTemplates;
import dev.cloudnative.kubernetes.internal.Validation;
import java.util.Map;
import java.util.Objects;

/**
 * The desired state of a single-container DaemonSet: one pod on every node. Build it as a sentence:
 *
 * <pre>{@code
 * DaemonSetSpec agent = DaemonSetSpec.named("log-agent").running("fluent/fluent-bit:3.1")
 *     .inNamespace("ops").withEnv("LEVEL", "info").withPort("metrics", 2020)
 *     .withReadinessProbe(Probe.http("/api/v1/health", 2020)).withMaxUnavailable("1").build();
 * }</pre>
 *
 * <p>Defaults: pod labels and selector {@code app=<name>}, container named after the set, update
 * strategy {@code RollingUpdate} with {@code maxUnavailable} 1 (the API server's defaults), no
 * resources or probes, namespace unset (the cluster's default namespace). The pod template's rules
 * are {@link DeploymentSpec}'s; every value is validated by {@link Builder#build()} before any API
 * call.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param selector {@code spec.selector.matchLabels}; immutable once created
 * @param template {@code spec.template}
 * @param maxUnavailable {@code spec.updateStrategy.rollingUpdate.maxUnavailable}: how many nodes
 *     (or what percentage of them) may be without an available pod during an update
 */
public record DaemonSetSpec(
    String namespace,
    String name,
    Map<String, String> selector,
    PodTemplate template,
    String maxUnavailable)
    implements ResourceSpec {

  private static final String KIND = "DaemonSet";

  public DaemonSetSpec {
    Validation.subdomain(KIND, namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(selector, "selector");
    // the pod template's own rules are DeploymentSpec's
    PodTemplates.asDeployment(namespace, name, selector, template);
    selector = Map.copyOf(selector);
    Validation.intOrPercent(
        KIND, namespace, name, "spec.updateStrategy.rollingUpdate.maxUnavailable", maxUnavailable);
    if (maxUnavailable.equals("0") || maxUnavailable.equals("0%")) {
      throw KubernetesInvalidException.rejected(
          KIND,
          namespace,
          name,
          "spec.updateStrategy.rollingUpdate.maxUnavailable",
          "must be above 0 (the API server requires it while maxSurge is 0), found "
              + maxUnavailable);
    }
  }

  /** Starts a spec for the DaemonSet {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** A builder pre-filled with this spec, for small variations. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.from(template, selector);
    b.namespace = namespace;
    b.maxUnavailable = maxUnavailable;
    return b;
  }

  /** The namespace this spec lands in, given the cluster's default. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /**
   * Fluent builder; the pod template's methods are {@link PodTemplateBuilder}'s. Not thread-safe.
   */
  public static final class Builder extends PodTemplateBuilder<Builder> {
    private String namespace;
    private String maxUnavailable = "1";

    private Builder(String name) {
      super(name);
    }

    @Override
    protected Builder self() {
      return this;
    }

    public Builder inNamespace(String ns) {
      this.namespace = ns;
      return this;
    }

    /**
     * How many nodes, or what percentage ({@code "10%"}), may lack an available pod in an update.
     */
    public Builder withMaxUnavailable(String countOrPercent) {
      this.maxUnavailable = countOrPercent;
      return this;
    }

    /**
     * Validates and freezes the spec; throws {@link KubernetesInvalidException} naming the bad
     * field.
     */
    public DaemonSetSpec build() {
      Validation.subdomain(KIND, namespace, "metadata.name", name());
      return new DaemonSetSpec(namespace, name(), selector(), template(), maxUnavailable);
    }
  }
}
