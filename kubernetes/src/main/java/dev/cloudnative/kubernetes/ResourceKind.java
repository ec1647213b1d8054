package dev.cloudnative.kubernetes;

/** The kinds this module creates, reads and deletes. Immutable enum, thread-safe. */
public enum ResourceKind {
  NAMESPACE("Namespace", false),
  DEPLOYMENT("Deployment", true),
  SERVICE("Service", true),
  CONFIG_MAP("ConfigMap", true),
  SECRET("Secret", true),
  HORIZONTAL_POD_AUTOSCALER("HorizontalPodAutoscaler", true),
  POD("Pod", true),
  JOB("Job", true),
  STATEFUL_SET("StatefulSet", true),
  DAEMON_SET("DaemonSet", true),
  PERSISTENT_VOLUME_CLAIM("PersistentVolumeClaim", true),
  INGRESS("Ingress", true),
  POD_DISRUPTION_BUDGET("PodDisruptionBudget", true),
  CRON_JOB("CronJob", true),
  SERVICE_ACCOUNT("ServiceAccount", true),
  ROLE("Role", true),
  ROLE_BINDING("RoleBinding", true),
  CLUSTER_ROLE("ClusterRole", false),
  CLUSTER_ROLE_BINDING("ClusterRoleBinding", false);

  private final String apiKind;
  private final boolean namespaced;

  ResourceKind(String apiKind, boolean namespaced) {
    this.apiKind = apiKind;
    this.namespaced = namespaced;
  }

  /** The {@code kind} field as the API spells it. */
  public String apiKind() {
    return apiKind;
  }

  public boolean namespaced() {
    return namespaced;
  }

  /** Looks a kind up by its API spelling; throws for kinds this module does not handle. */
  public static ResourceKind fromApiKind(String kind) {
    for (ResourceKind k : values()) {
      if (k.apiKind.equals(kind)) {
        return k;
      }
    }
    throw new KubernetesException(
        "unsupported kind '"
            + kind
            + "'; supported: Namespace, Deployment, Service,"
            + " ConfigMap, Secret, HorizontalPodAutoscaler, Pod, Job, StatefulSet, DaemonSet,"
            + " PersistentVolumeClaim, Ingress, PodDisruptionBudget, CronJob, ServiceAccount, Role,"
            + " RoleBinding, ClusterRole, ClusterRoleBinding",
        kind,
        "",
        "",
        0,
        null);
  }
}
