package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster-wide {@code rbac.authorization.k8s.io/v1} ClusterRole: {@link PolicyRule}s on resources
 * of every namespace (or on cluster-scoped ones), granted by a {@link ClusterRoleBindingSpec}, or
 * within one namespace by a {@link RoleBindingSpec}. Build it as a sentence:
 *
 * <pre>{@code
 * ClusterRoleSpec nodes = ClusterRoleSpec.named("node-reader")
 *     .allowing(PolicyRule.allowing("get", "list").on("nodes").build()).build();
 * }</pre>
 *
 * <p>No status and no readiness rule: ready once it exists. Not modelled: {@code nonResourceURLs}
 * rules and aggregation rules.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param labels {@code metadata.labels}
 * @param rules the rules, in order
 */
public record ClusterRoleSpec(String name, Map<String, String> labels, List<PolicyRule> rules)
    implements ResourceSpec {

  private static final String KIND = "ClusterRole";

  /** Always {@code ""}: a cluster-scoped object has no namespace. */
  @Override
  public String namespace() {
    return "";
  }

  public ClusterRoleSpec {
    Validation.rbacName(KIND, "", name);
    labels =
        Validation.labels(
            KIND, "", name, "metadata.labels", Objects.requireNonNull(labels, "labels"));
    rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
  }

  /** Starts a spec for the ClusterRole {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<PolicyRule> rules = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
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
    public ClusterRoleSpec build() {
      return new ClusterRoleSpec(name, labels, rules);
    }
  }
}
