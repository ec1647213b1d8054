package dev.cloudnative.kubernetes;

/**
 * A typed spec the cluster can apply, and so also plan ({@link Cluster#plan}): every {@code *Spec}
 * record this module applies through {@code Cluster.apply(...)}. The interface is sealed; the
 * records it permits are the only implementations.
 *
 * <p>Implementations are immutable records and therefore thread-safe.
 */
public sealed interface ResourceSpec
    permits AutoscalerSpec,
        ClusterRoleBindingSpec,
        ClusterRoleSpec,
        ConfigMapSpec,
        CronJobSpec,
        DaemonSetSpec,
        DeploymentSpec,
        IngressSpec,
        JobSpec,
        PersistentVolumeClaimSpec,
        PodDisruptionBudgetSpec,
        RoleBindingSpec,
        RoleSpec,
        SecretSpec,
        ServiceAccountSpec,
        ServiceSpec,
        StatefulSetSpec {

  /**
   * The namespace, or {@code null} for the cluster's default namespace; always {@code ""} for a
   * cluster-scoped kind ({@link ClusterRoleSpec}, {@link ClusterRoleBindingSpec}).
   */
  String namespace();

  /** The object's {@code metadata.name}. */
  String name();
}
