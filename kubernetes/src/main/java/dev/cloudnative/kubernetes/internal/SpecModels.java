package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.AutoscalerSpec;
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
import dev.cloudnative.kubernetes.SecretSpec;
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
          ResourceKind.CRON_JOB);

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
    }
    throw new IllegalStateException("unhandled spec type " + spec.getClass().getName());
  }

  /** The object {@code spec} applies as in {@code namespace}. */
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
      Validation.subdomain(k.apiKind(), r.namespace(), "metadata.name", r.name());
      if (r.namespace() != null && !r.namespace().isEmpty()) {
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
