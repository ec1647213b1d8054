package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.AutoscalerSpec;
import dev.cloudnative.kubernetes.ClusterRoleBindingSpec;
import dev.cloudnative.kubernetes.ClusterRoleSpec;
import dev.cloudnative.kubernetes.ConfigMapSpec;
import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.IngressSpec;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.PersistentVolumeClaimSpec;
import dev.cloudnative.kubernetes.PodDisruptionBudgetSpec;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.ResourceRef;
import dev.cloudnative.kubernetes.ResourceSpec;
import dev.cloudnative.kubernetes.RoleBindingSpec;
import dev.cloudnative.kubernetes.RoleSpec;
import dev.cloudnative.kubernetes.SecretSpec;
import dev.cloudnative.kubernetes.ServiceAccountSpec;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * The API object each {@link ResourceSpec} applies as, through the same mappers the clusters' apply
 * uses, so a plan compares exactly what an apply sends. Also the list of kinds that can be planned
 * and checked for drift.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class SpecModels {

  /** The kinds a {@link ResourceSpec} exists for, by API spelling. */
  public static final List<ResourceKind> PLANNABLE =
      List.of(
          ResourceKind.DEPLOYMENT,
          ResourceKind.SERVICE,
          ResourceKind.CONFIG_MAP,
          ResourceKind.SECRET,
          ResourceKind.HORIZONTAL_POD_AUTOSCALER,
          ResourceKind.JOB,
          ResourceKind.STATEFUL_SET,
          ResourceKind.DAEMON_SET,
          ResourceKind.PERSISTENT_VOLUME_CLAIM,
          ResourceKind.INGRESS,
          ResourceKind.POD_DISRUPTION_BUDGET,
          ResourceKind.CRON_JOB,
          ResourceKind.SERVICE_ACCOUNT,
          ResourceKind.ROLE,
          ResourceKind.ROLE_BINDING,
          ResourceKind.CLUSTER_ROLE,
          ResourceKind.CLUSTER_ROLE_BINDING);

  /** The kinds whose names follow the RBAC rule (a path segment), not a DNS subdomain. */
  private static final List<ResourceKind> RBAC_NAMED =
      List.of(
          ResourceKind.ROLE,
          ResourceKind.ROLE_BINDING,
          ResourceKind.CLUSTER_ROLE,
          ResourceKind.CLUSTER_ROLE_BINDING);

  private SpecModels() {}

  /** The kind {@code spec} applies. */
  public static ResourceKind kind(ResourceSpec spec) {
    if (spec instanceof DeploymentSpec) {
      return ResourceKind.DEPLOYMENT;
    } else if (spec instanceof ServiceSpec) {
      return ResourceKind.SERVICE;
    } else if (spec instanceof ConfigMapSpec) {
      return ResourceKind.CONFIG_MAP;
    } else if (spec instanceof SecretSpec) {
      return ResourceKind.SECRET;
    } else if (spec instanceof AutoscalerSpec) {
      return ResourceKind.HORIZONTAL_POD_AUTOSCALER;
    } else if (spec instanceof JobSpec) {
      return ResourceKind.JOB;
    } else if (spec instanceof StatefulSetSpec) {
      return ResourceKind.STATEFUL_SET;
    } else if (spec instanceof DaemonSetSpec) {
      return ResourceKind.DAEMON_SET;
    } else if (spec instanceof PersistentVolumeClaimSpec) {
      return ResourceKind.PERSISTENT_VOLUME_CLAIM;
    } else if (spec instanceof IngressSpec) {
      return ResourceKind.INGRESS;
    } else if (spec instanceof PodDisruptionBudgetSpec) {
      return ResourceKind.POD_DISRUPTION_BUDGET;
    } else if (spec instanceof CronJobSpec) {
      return ResourceKind.CRON_JOB;
    } else if (spec instanceof ServiceAccountSpec) {
      return ResourceKind.SERVICE_ACCOUNT;
    } else if (spec instanceof RoleSpec) {
      return ResourceKind.ROLE;
    } else if (spec instanceof RoleBindingSpec) {
      return ResourceKind.ROLE_BINDING;
    } else if (spec instanceof ClusterRoleSpec) {
      return ResourceKind.CLUSTER_ROLE;
    } else if (spec instanceof ClusterRoleBindingSpec) {
      return ResourceKind.CLUSTER_ROLE_BINDING;
    }
    throw new IllegalStateException("unhandled spec type " + spec.getClass().getName());
  }

  /**
   * The object {@code spec} applies as in {@code namespace} ({@code namespace} is ignored for a
   * cluster-scoped kind, whose object has no namespace).
   */
  public static HasMetadata toModel(ResourceSpec spec, String namespace) {
    if (spec instanceof DeploymentSpec s) {
      return ModelMapper.toDeployment(s, namespace);
    } else if (spec instanceof ServiceSpec s) {
      return ModelMapper.toService(s, namespace);
    } else if (spec instanceof ConfigMapSpec s) {
      return ModelMapper.toConfigMap(s, namespace);
    } else if (spec instanceof SecretSpec s) {
      return ModelMapper.toSecret(s, namespace);
    } else if (spec instanceof AutoscalerSpec s) {
      return ModelMapper.toAutoscaler(s, namespace);
    } else if (spec instanceof JobSpec s) {
      return JobMapper.toJob(s, namespace);
    } else if (spec instanceof StatefulSetSpec s) {
      return StatefulSetMapper.toStatefulSet(s, namespace);
    } else if (spec instanceof DaemonSetSpec s) {
      return DaemonSetMapper.toDaemonSet(s, namespace);
    } else if (spec instanceof PersistentVolumeClaimSpec s) {
      return ClaimMapper.toClaim(s, namespace);
    } else if (spec instanceof IngressSpec s) {
      return IngressMapper.toIngress(s, namespace);
    } else if (spec instanceof PodDisruptionBudgetSpec s) {
      return DisruptionBudgetMapper.toBudget(s, namespace);
    } else if (spec instanceof CronJobSpec s) {
      return CronJobMapper.toCronJob(s, namespace);
    } else if (spec instanceof ServiceAccountSpec s) {
      return RbacMapper.toServiceAccount(s, namespace);
    } else if (spec instanceof RoleSpec s) {
      return RbacMapper.toRole(s, namespace);
    } else if (spec instanceof RoleBindingSpec s) {
      return RbacMapper.toRoleBinding(s, namespace);
    } else if (spec instanceof ClusterRoleSpec s) {
      return RbacMapper.toClusterRole(s);
    } else if (spec instanceof ClusterRoleBindingSpec s) {
      return RbacMapper.toClusterRoleBinding(s);
    }
    throw new IllegalStateException("unhandled spec type " + spec.getClass().getName());
  }

  /** {@code specs} with each element checked non-null ({@code specs[i]} named otherwise). */
  public static List<ResourceSpec> requireSpecs(ResourceSpec... specs) {
    java.util.Objects.requireNonNull(specs, "specs");
    for (int i = 0; i < specs.length; i++) {
      java.util.Objects.requireNonNull(specs[i], "specs[" + i + "]");
    }
    return List.of(specs);
  }

  /**
   * {@code resources} with each element checked: non-null, a plannable kind, a valid name. Returns
   * their kinds in order.
   */
  public static List<ResourceKind> requireRefs(ResourceRef... resources) {
    java.util.Objects.requireNonNull(resources, "resources");
    List<ResourceKind> kinds = new java.util.ArrayList<>();
    for (int i = 0; i < resources.length; i++) {
      ResourceRef r = java.util.Objects.requireNonNull(resources[i], "resources[" + i + "]");
      ResourceKind k = plannableKind(r.kind(), r.namespace(), r.name());
      if (RBAC_NAMED.contains(k)) {
        Validation.rbacName(k.apiKind(), r.namespace(), r.name());
      } else {
        Validation.subdomain(k.apiKind(), r.namespace(), "metadata.name", r.name());
      }
      boolean hasNamespace = r.namespace() != null && !r.namespace().isEmpty();
      if (hasNamespace && !k.namespaced()) {
        throw KubernetesInvalidException.rejected(
            k.apiKind(),
            r.namespace(),
            r.name(),
            "metadata.namespace",
            k.apiKind()
                + " is cluster-scoped: the namespace must be empty or null, found '"
                + r.namespace()
                + "'");
      } else if (hasNamespace) {
        Validation.namespace(r.namespace());
      }
      kinds.add(k);
    }
    return kinds;
  }

  /**
   * The plannable kind named {@code apiKind}; a {@link KubernetesInvalidException} naming the
   * allowed kinds otherwise.
   */
  public static ResourceKind plannableKind(String apiKind, String namespace, String name) {
    for (ResourceKind k : PLANNABLE) {
      if (k.apiKind().equals(apiKind)) {
        return k;
      }
    }
    throw KubernetesInvalidException.rejected(
        String.valueOf(apiKind),
        namespace,
        name,
        "kind",
        "drift is tracked for "
            + PLANNABLE.stream().map(ResourceKind::apiKind).toList()
            + ", found '"
            + apiKind
            + "'");
  }
}
