package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.ClusterRoleBindingSpec;
import dev.cloudnative.kubernetes.ClusterRoleSpec;
import dev.cloudnative.kubernetes.RoleBindingSpec;
import dev.cloudnative.kubernetes.RoleSpec;
import dev.cloudnative.kubernetes.ServiceAccountSpec;
import dev.cloudnative.kubernetes.internal.RbacMapper;
import dev.cloudnative.kubernetes.internal.Validation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The fabric8 cluster's operations on ServiceAccounts, Roles, RoleBindings, ClusterRoles and
 * ClusterRoleBindings: apply through the cluster's server-side apply with its fallback, and read
 * back as specs. These kinds have no status and no await: they are ready once they exist. {@link
 * KubernetesCluster} resolves namespaces, checks it is open and measures each call before it
 * delegates here.
 *
 * <p>Thread-safe: the client is, and nothing here is mutable.
 */
final class RbacOperations {

  private final KubernetesClient client;
  private final KindOperations.Applier applier;

  RbacOperations(KubernetesClient client, KindOperations.Applier applier) {
    this.client = client;
    this.applier = applier;
  }

  private static <T> T call(String kind, String namespace, String name, Supplier<T> op) {
    try {
      return op.get();
    } catch (KubernetesClientException e) {
      throw Errors.map(e, kind, namespace, name);
    }
  }

  ServiceAccountSpec apply(ServiceAccountSpec spec, String namespace) {
    return RbacMapper.toServiceAccountSpec(
        applier.apply(RbacMapper.toServiceAccount(spec, namespace)));
  }

  Optional<ServiceAccountSpec> serviceAccount(String namespace, String name) {
    Validation.subdomain("ServiceAccount", namespace, "metadata.name", name);
    return Optional.ofNullable(
            call(
                "ServiceAccount",
                namespace,
                name,
                () -> client.serviceAccounts().inNamespace(namespace).withName(name).get()))
        .map(RbacMapper::toServiceAccountSpec);
  }

  RoleSpec apply(RoleSpec spec, String namespace) {
    return RbacMapper.toRoleSpec(applier.apply(RbacMapper.toRole(spec, namespace)));
  }

  Optional<RoleSpec> role(String namespace, String name) {
    Validation.rbacName("Role", namespace, name);
    return Optional.ofNullable(
            call(
                "Role",
                namespace,
                name,
                () -> client.rbac().roles().inNamespace(namespace).withName(name).get()))
        .map(RbacMapper::toRoleSpec);
  }

  ClusterRoleSpec apply(ClusterRoleSpec spec) {
    return RbacMapper.toClusterRoleSpec(applier.apply(RbacMapper.toClusterRole(spec)));
  }

  Optional<ClusterRoleSpec> clusterRole(String name) {
    Validation.rbacName("ClusterRole", "", name);
    return Optional.ofNullable(
            call("ClusterRole", "", name, () -> client.rbac().clusterRoles().withName(name).get()))
        .map(RbacMapper::toClusterRoleSpec);
  }

  ClusterRoleBindingSpec apply(ClusterRoleBindingSpec spec) {
    return RbacMapper.toClusterRoleBindingSpec(
        applier.apply(RbacMapper.toClusterRoleBinding(spec)));
  }

  Optional<ClusterRoleBindingSpec> clusterRoleBinding(String name) {
    Validation.rbacName("ClusterRoleBinding", "", name);
    return Optional.ofNullable(
            call(
                "ClusterRoleBinding",
                "",
                name,
                () -> client.rbac().clusterRoleBindings().withName(name).get()))
        .map(RbacMapper::toClusterRoleBindingSpec);
  }

  RoleBindingSpec apply(RoleBindingSpec spec, String namespace) {
    return RbacMapper.toRoleBindingSpec(applier.apply(RbacMapper.toRoleBinding(spec, namespace)));
  }

  Optional<RoleBindingSpec> roleBinding(String namespace, String name) {
    Validation.rbacName("RoleBinding", namespace, name);
    return Optional.ofNullable(
            call(
                "RoleBinding",
                namespace,
                name,
                () -> client.rbac().roleBindings().inNamespace(namespace).withName(name).get()))
        .map(RbacMapper::toRoleBindingSpec);
  }
}
