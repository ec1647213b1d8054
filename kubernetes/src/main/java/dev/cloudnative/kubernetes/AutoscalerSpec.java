package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;

/**
 * An autoscaling/v2 HorizontalPodAutoscaler that keeps a deployment's average CPU utilisation
 * (percent of the pods' CPU request) near a target by changing its replicas between a minimum and a
 * maximum:
 *
 * <pre>{@code
 * AutoscalerSpec hpa = AutoscalerSpec.scale("web").between(2, 10).targetingCpu(70);
 * }</pre>
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param name the autoscaler's name (by default the deployment's)
 * @param deployment the scaled deployment
 */
public record AutoscalerSpec(
    String namespace,
    String name,
    String deployment,
    int minReplicas,
    int maxReplicas,
    int targetCpuUtilizationPercent)
    implements ResourceSpec {

  public AutoscalerSpec {
    Validation.subdomain("HorizontalPodAutoscaler", namespace, "metadata.name", name);
    Validation.subdomain(
        "HorizontalPodAutoscaler", namespace, "spec.scaleTargetRef.name", deployment);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    if (minReplicas < 1 || maxReplicas < minReplicas) {
      throw KubernetesInvalidException.rejected(
          "HorizontalPodAutoscaler",
          namespace,
          name,
          "spec.minReplicas",
          "need 1 <= minReplicas <= maxReplicas, found min "
              + minReplicas
              + ", max "
              + maxReplicas);
    }
    if (targetCpuUtilizationPercent < 1) {
      throw KubernetesInvalidException.rejected(
          "HorizontalPodAutoscaler",
          namespace,
          name,
          "spec.metrics.resource.target.averageUtilization",
          "the CPU target must be a positive percentage, found " + targetCpuUtilizationPercent);
    }
  }

  /** Starts an autoscaler for {@code deployment}; finish with {@link Range#targetingCpu(int)}. */
  public static Target scale(String deployment) {
    return new Target(deployment, null);
  }

  public AutoscalerSpec inNamespace(String ns) {
    return new AutoscalerSpec(
        ns, name, deployment, minReplicas, maxReplicas, targetCpuUtilizationPercent);
  }

  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** First step of the sentence: the scaled deployment. Immutable. */
  public record Target(String deployment, String namespace) {
    public Target inNamespace(String ns) {
      return new Target(deployment, ns);
    }

    public Range between(int min, int max) {
      return new Range(this, min, max);
    }
  }

  /** Second step of the sentence: the replica range. Immutable. */
  public record Range(Target target, int min, int max) {
    public AutoscalerSpec targetingCpu(int percent) {
      return new AutoscalerSpec(
          target.namespace(), target.deployment(), target.deployment(), min, max, percent);
    }
  }
}
