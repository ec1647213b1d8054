package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A namespaced {@code rbac.authorization.k8s.io/v1} RoleBinding: grants a Role of its namespace, or
 * a ClusterRole within its namespace, to ServiceAccounts, users and groups. Build it as a sentence:
 *
 * <pre>{@code
 * RoleBindingSpec binding = RoleBindingSpec.named("deployer-reads-pods").inNamespace("shop")
 *     .grantingRole("pod-reader").to(Subject.serviceAccount("deployer")).build();
 * }</pre>
 *
 * <p>The role ({@code roleRef}) is immutable once the binding exists: the API server (and the
 * in-memory cluster) refuse a changed one with {@link KubernetesInvalidException}; delete the
 * binding and apply it again. A binding has no status and no readiness rule: it is ready once it
 * exists. The role need not exist yet (the API server does not check).
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param labels {@code metadata.labels}
 * @param roleRef the role granted
 * @param subjects who it is granted to, in order (may be empty)
 */
public record RoleBindingSpec(
    String namespace,
    String name,
    Map<String, String> labels,
    RoleRef roleRef,
    List<Subject> subjects)
    implements ResourceSpec {

  private static final String KIND = "RoleBinding";

  public RoleBindingSpec {
    Validation.rbacName(KIND, namespace, name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    labels =
        Validation.labels(
            KIND, namespace, name, "metadata.labels", Objects.requireNonNull(labels, "labels"));
    Objects.requireNonNull(roleRef, "roleRef");
    subjects = List.copyOf(Objects.requireNonNull(subjects, "subjects"));
  }

  /** Starts a spec for the RoleBinding {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** The namespace this spec lands in, given the cluster's default. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** This spec in {@code ns} (the form a cluster returns, with the namespace resolved). */
  public RoleBindingSpec inNamespace(String ns) {
    return new RoleBindingSpec(ns, name, labels, roleRef, subjects);
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private RoleRef roleRef;
    private final List<Subject> subjects = new ArrayList<>();

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

    /** Grants the Role {@code roleName} of the binding's namespace. */
    public Builder grantingRole(String roleName) {
      this.roleRef = RoleRef.role(roleName);
      return this;
    }

    /** Grants the ClusterRole {@code roleName} (such as {@code view}) within the namespace. */
    public Builder grantingClusterRole(String roleName) {
      this.roleRef = RoleRef.clusterRole(roleName);
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
    public RoleBindingSpec build() {
      if (roleRef == null) {
        throw KubernetesInvalidException.rejected(
            KIND,
            namespace,
            name,
            "roleRef",
            "no role named: call grantingRole(name) or grantingClusterRole(name)");
      }
      return new RoleBindingSpec(namespace, name, labels, roleRef, subjects);
    }
  }
}
