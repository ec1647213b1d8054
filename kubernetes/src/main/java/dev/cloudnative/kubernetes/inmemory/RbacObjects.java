package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.ClusterRoleBindingSpec;
import dev.cloudnative.kubernetes.ClusterRoleSpec;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.RoleBindingSpec;
import dev.cloudnative.kubernetes.RoleRef;
import dev.cloudnative.kubernetes.RoleSpec;
import dev.cloudnative.kubernetes.ServiceAccountSpec;
import dev.cloudnative.kubernetes.internal.Validation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-memory cluster's ServiceAccounts, Roles, RoleBindings, ClusterRoles and
 * ClusterRoleBindings: stored as applied (with the namespace resolved) and read back; nothing
 * enforces them (the simulation has no authorizer), and they have no status to wait on. As on an
 * API server, a RoleBinding's {@code roleRef} cannot change once it exists, and the role it names
 * need not exist.
 *
 * <p>Thread-safe: reads and writes take the {@link ClusterState} lock.
 */
final class RbacObjects {

  private final ClusterState state;

  RbacObjects(ClusterState state) {
    this.state = state;
  }

  ServiceAccountSpec apply(ServiceAccountSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          ServiceAccountSpec stored = spec.inNamespace(state.requireNamespace(spec.namespace()));
          state.serviceAccounts.put(new Key(stored.namespace(), stored.name()), stored);
          return stored;
        });
  }

  Optional<ServiceAccountSpec> serviceAccount(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.subdomain("ServiceAccount", n, "metadata.name", name);
    return read(state.serviceAccounts, new Key(n, name));
  }

  RoleSpec apply(RoleSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          RoleSpec stored = spec.inNamespace(state.requireNamespace(spec.namespace()));
          state.roles.put(new Key(stored.namespace(), stored.name()), stored);
          return stored;
        });
  }

  Optional<RoleSpec> role(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.rbacName("Role", n, name);
    return read(state.roles, new Key(n, name));
  }

  RoleBindingSpec apply(RoleBindingSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          RoleBindingSpec stored = spec.inNamespace(state.requireNamespace(spec.namespace()));
          Key k = new Key(stored.namespace(), stored.name());
          RoleBindingSpec existing = state.roleBindings.get(k);
          if (existing != null && !existing.roleRef().equals(stored.roleRef())) {
            throw roleRefChanged(
                "RoleBinding", k.namespace(), k.name(), existing.roleRef(), stored.roleRef());
          }
          state.roleBindings.put(k, stored);
          return stored;
        });
  }

  Optional<RoleBindingSpec> roleBinding(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.rbacName("RoleBinding", n, name);
    return read(state.roleBindings, new Key(n, name));
  }

  ClusterRoleSpec apply(ClusterRoleSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          state.clusterRoles.put(spec.name(), spec);
          return spec;
        });
  }

  Optional<ClusterRoleSpec> clusterRole(String name) {
    Validation.rbacName("ClusterRole", "", name);
    return read(state.clusterRoles, name);
  }

  ClusterRoleBindingSpec apply(ClusterRoleBindingSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          ClusterRoleBindingSpec existing = state.clusterRoleBindings.get(spec.name());
          if (existing != null && !existing.clusterRole().equals(spec.clusterRole())) {
            throw roleRefChanged(
                "ClusterRoleBinding", "", spec.name(), existing.roleRef(), spec.roleRef());
          }
          state.clusterRoleBindings.put(spec.name(), spec);
          return spec;
        });
  }

  Optional<ClusterRoleBindingSpec> clusterRoleBinding(String name) {
    Validation.rbacName("ClusterRoleBinding", "", name);
    return read(state.clusterRoleBindings, name);
  }

  /** The API server's refusal (ValidateRoleBindingUpdate, ValidateClusterRoleBindingUpdate). */
  private static KubernetesInvalidException roleRefChanged(
      String kind, String namespace, String name, RoleRef was, RoleRef now) {
    return new KubernetesInvalidException(
        kind
            + ".rbac.authorization.k8s.io \""
            + name
            + "\" is invalid: roleRef: Invalid value: "
            + now
            + ": cannot change roleRef (it is "
            + was
            + "); delete the binding and apply it again",
        kind,
        namespace,
        name,
        422,
        List.of(
            new KubernetesInvalidException.FieldCause(
                "roleRef", "FieldValueInvalid", "cannot change roleRef")),
        null);
  }

  private <K, T> Optional<T> read(Map<K, T> objects, K k) {
    synchronized (state.lock) {
      state.checkOpen();
      return Optional.ofNullable(objects.get(k));
    }
  }
}
