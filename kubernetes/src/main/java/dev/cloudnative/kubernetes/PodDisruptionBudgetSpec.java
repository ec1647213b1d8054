package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state of a {@code policy/v1} PodDisruptionBudget: how many of the selected pods must
 * stay up through voluntary disruptions (drains, evictions). Build it as a sentence:
 *
 * <pre>{@code
 * PodDisruptionBudgetSpec pdb = PodDisruptionBudgetSpec.named("web").inNamespace("shop")
 *     .selecting(Map.of("app", "web")).minAvailable("50%").build();
 * }</pre>
 *
 * <p>Exactly one of {@code minAvailable} and {@code maxUnavailable} is set, each a count or a
 * percentage; the selector defaults to {@code app=<name>}. Every value is validated by {@link
 * Builder#build()} before any API call.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param selector {@code spec.selector.matchLabels}, not empty
 * @param minAvailable {@code spec.minAvailable}
 * @param maxUnavailable {@code spec.maxUnavailable}
 */
public record PodDisruptionBudgetSpec(
    String namespace,
    String name,
    Map<String, String> selector,
    Optional<String> minAvailable,
    Optional<String> maxUnavailable)
    implements ResourceSpec {

  private static final String KIND = "PodDisruptionBudget";

  public PodDisruptionBudgetSpec {
    Validation.subdomain(KIND, namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    selector = Validation.labels(KIND, namespace, name, "spec.selector.matchLabels", selector);
    if (selector.isEmpty()) {
      throw KubernetesInvalidException.rejected(
          KIND, namespace, name, "spec.selector.matchLabels", "the selector must not be empty");
    }
    Objects.requireNonNull(minAvailable, "minAvailable");
    Objects.requireNonNull(maxUnavailable, "maxUnavailable");
    if (minAvailable.isPresent() == maxUnavailable.isPresent()) {
      throw KubernetesInvalidException.rejected(
          KIND,
          namespace,
          name,
          "spec",
          "exactly one of minAvailable and maxUnavailable must be set, found "
              + (minAvailable.isPresent() ? "both" : "neither"));
    }
    minAvailable.ifPresent(
        v -> Validation.intOrPercent(KIND, namespace, name, "spec.minAvailable", v));
    maxUnavailable.ifPresent(
        v -> Validation.intOrPercent(KIND, namespace, name, "spec.maxUnavailable", v));
  }

  /** Starts a spec for the budget {@code name}. */
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
    private Map<String, String> selector;
    private String minAvailable;
    private String maxUnavailable;

    private Builder(String name) {
      this.name = name;
    }

    public Builder inNamespace(String ns) {
      this.namespace = ns;
      return this;
    }

    /** The pods the budget protects; defaults to {@code app=<name>}. */
    public Builder selecting(Map<String, String> podLabels) {
      this.selector = new LinkedHashMap<>(podLabels);
      return this;
    }

    /** Pods (a count, or a percentage such as {@code "50%"}) that must stay available. */
    public Builder minAvailable(String countOrPercent) {
      this.minAvailable = countOrPercent;
      return this;
    }

    /** Pods (a count, or a percentage) that may be unavailable at once. */
    public Builder maxUnavailable(String countOrPercent) {
      this.maxUnavailable = countOrPercent;
      return this;
    }

    /**
     * Validates and freezes the spec; throws {@link KubernetesInvalidException} naming the bad
     * field.
     */
    public PodDisruptionBudgetSpec build() {
      return new PodDisruptionBudgetSpec(
          namespace,
          name,
          selector != null
              ? selector
              : Map.of("app", name.length() > 63 ? name.substring(0, 63) : name),
          Optional.ofNullable(minAvailable),
          Optional.ofNullable(maxUnavailable));
    }
  }
}
