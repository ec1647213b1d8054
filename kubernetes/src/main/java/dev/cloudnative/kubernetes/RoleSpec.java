package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A namespaced {@code rbac.authorization.k8s.io/v1} Role: the {@link PolicyRule}s a {@link
 * RoleBindingSpec} grants. Build it as a sentence:
 *
 * <pre>{@code
 * RoleSpec reader = RoleSpec.named("pod-reader").inNamespace("shop")
 *     .allowing(PolicyRule.allowing("get", "list", "watch").on("pods", "pods/log").build())
 *     .build();
 * }</pre>
 *
 * <p>A Role has no status and no readiness rule: it is ready once it exists (neither kubectl nor
 * Pulumi waits on one). A Role without rules is valid (it grants nothing). The name may hold colons
 * ({@code system:...}), as the API server allows.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param labels {@code metadata.labels}
 * @param rules the rules, in order
 */
public record RoleSpec(
    String namespace, String name, Map<String, String> labels, List<PolicyRule> rules)
    implements ResourceSpec {

  private static final String KIND = "Role";

  public RoleSpec {
    Validation.rbacName(KIND, namespace, name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    labels =
        Validation.labels(
            KIND, namespace, name, "metadata.labels", Objects.requireNonNull(labels, "labels"));
    rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
  }

  /** Starts a spec for the Role {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** The namespace this spec lands in, given the cluster's default. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** This spec in {@code ns} (the form a cluster returns, with the namespace resolved). */
  public RoleSpec inNamespace(String ns) {
    return new RoleSpec(ns, name, labels, rules);
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<PolicyRule> rules = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder inNamespace(String ns) {
      this.namespace = ns;
      return this;
    }

    public Builder withLabel(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /** Adds a rule (after those added before). */
    public Builder allowing(PolicyRule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Validates and freezes the spec; throws {@link KubernetesInvalidException} naming the bad
     * field.
     */
    public RoleSpec build() {
      return new RoleSpec(namespace, name, labels, rules);
    }
  }
}
