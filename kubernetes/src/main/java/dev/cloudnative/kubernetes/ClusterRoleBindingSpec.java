package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster-wide {@code rbac.authorization.k8s.io/v1} ClusterRoleBinding: grants a ClusterRole in
 * every namespace. Build it as a sentence:
 *
 * <pre>{@code
 * ClusterRoleBindingSpec b = ClusterRoleBindingSpec.named("ci-reads-nodes")
 *     .grantingClusterRole("node-reader").to(Subject.serviceAccount("ci", "builder")).build();
 * }</pre>
 *
 * <p>It may only grant a ClusterRole, and a ServiceAccount subject must name its namespace (the API
 * server's rules for a binding without a namespace). As for a {@link RoleBindingSpec}, the role is
 * immutable once the binding exists, and there is no readiness rule: ready once it exists.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param labels {@code metadata.labels}
 * @param clusterRole the name of the ClusterRole granted ({@code roleRef.name})
 * @param subjects who it is granted to, in order (may be empty)
 */
public record ClusterRoleBindingSpec(
    String name, Map<String, String> labels, String clusterRole, List<Subject> subjects)
    implements ResourceSpec {

  private static final String KIND = "ClusterRoleBinding";

  /** Always {@code ""}: a cluster-scoped object has no namespace. */
  @Override
  public String namespace() {
    return "";
  }

  public ClusterRoleBindingSpec {
    Validation.rbacName(KIND, "", name);
    labels =
        Validation.labels(
            KIND, "", name, "metadata.labels", Objects.requireNonNull(labels, "labels"));
    Validation.rbacName("ClusterRole", "", Objects.requireNonNull(clusterRole, "clusterRole"));
    subjects = List.copyOf(Objects.requireNonNull(subjects, "subjects"));
    for (Subject s : subjects) {
      if (s.kind().equals("ServiceAccount") && s.namespace().isEmpty()) {
        throw KubernetesInvalidException.rejected(
            KIND,
            "",
            name,
            "subjects.namespace",
            "ServiceAccount '" + s.name() + "' needs a namespace in a ClusterRoleBinding");
      }
    }
  }

  /** The role granted, as a {@link RoleRef}. */
  public RoleRef roleRef() {
    return RoleRef.clusterRole(clusterRole);
  }

  /** Starts a spec for the ClusterRoleBinding {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String clusterRole;
    private final List<Subject> subjects = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder withLabel(String key, String value) {
      labels.put(key, value);
      return this;
    }

    /** Grants the ClusterRole {@code roleName}. */
    public Builder grantingClusterRole(String roleName) {
      this.clusterRole = roleName;
      return this;
    }

    /** Adds subjects (after those added before). */
    public Builder to(Subject... subjects) {
      for (Subject s : subjects) {
        this.subjects.add(Objects.requireNonNull(s, "subject"));
      }
      return this;
    }

    /**
     * Validates and freezes the spec; throws {@link KubernetesInvalidException} naming the bad
     * field, and when no role was named.
     */
    public ClusterRoleBindingSpec build() {
      if (clusterRole == null) {
        throw KubernetesInvalidException.rejected(
            KIND, "", name, "roleRef", "no role named: call grantingClusterRole(name)");
      }
      return new ClusterRoleBindingSpec(name, labels, clusterRole, subjects);
    }
  }
}
