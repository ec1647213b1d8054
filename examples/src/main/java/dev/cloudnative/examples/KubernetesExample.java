package dev.cloudnative.examples;

import dev.cloudnative.core.CloudNative;
import dev.cloudnative.kubernetes.AutoscalerInfo;
import dev.cloudnative.kubernetes.AutoscalerSpec;
import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.LogOptions;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.Probe;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import java.time.Duration;
import java.util.Map;

/**
 * The Kubernetes scenario: a namespace, a deployment with a readiness probe and a service, a watched rollout,
 * scaling, an image update rolled out pod by pod, CPU-driven autoscaling, pod logs, and clean-up. On the
 * simulated cluster the example plays the metrics server and the application writing a log line.
 */
public final class KubernetesExample {

  private KubernetesExample() {
  }

  public static void main(String[] args) {
    try (CloudNative cn = CloudNative.fromEnvironment()) {
      run(cn.cluster());
    }
  }

  static void run(Cluster cluster) {
    String ns = "shop";
    cluster.ensureNamespace(ns);
    cluster.apply(DeploymentSpec.named("web").inNamespace(ns).running("nginx:1.27").withReplicas(2)
        .withPort("http", 80).withReadinessProbe(Probe.http("/", 80)).build());
    cluster.apply(ServiceSpec.named("web").inNamespace(ns).port(80).to(80).build());
    cluster.awaitRollout(ns, "web", Duration.ofMinutes(2), status -> Example.say("  " + status.describe()));

    cluster.scale(ns, "web", 4);
    cluster.awaitRollout(ns, "web", Duration.ofMinutes(2), RolloutListener.NONE);
    Example.say("scaled: " + cluster.pods(ns, Map.of("app", "web")).stream().filter(PodInfo::ready).count()
        + " ready pods, service endpoints " + cluster.service(ns, "web").orElseThrow().endpoints().size());

    cluster.updateImage(ns, "web", "nginx:1.28");
    cluster.awaitRollout(ns, "web", Duration.ofMinutes(2), status -> Example.say("  " + status.describe()));

    cluster.apply(AutoscalerSpec.scale("web").inNamespace(ns).between(2, 6).targetingCpu(50));
    if (cluster instanceof InMemoryCluster simulated) {
      simulated.reportCpu(ns, "web", 90);
      simulated.settle(50);
    }
    AutoscalerInfo hpa = cluster.autoscaler(ns, "web").orElseThrow();
    Example.say("autoscaler: CPU " + hpa.currentCpuUtilizationPercent() + "% of target 50% -> "
        + hpa.desiredReplicas() + " replicas (bounds 2..6)");

    PodInfo pod = cluster.pods(ns, Map.of("app", "web")).get(0);
    if (cluster instanceof InMemoryCluster simulated) {
      simulated.appendLog(ns, pod.name(), "GET / 200");
    }
    Example.say("logs of " + pod.name() + " (" + pod.image() + "):");
    cluster.logs(ns, pod.name(), LogOptions.tail(5)).lines().forEach(line -> Example.say("  " + line));

    cluster.delete(ResourceKind.HORIZONTAL_POD_AUTOSCALER, ns, "web", Propagation.FOREGROUND);
    cluster.delete(ResourceKind.SERVICE, ns, "web", Propagation.FOREGROUND);
    cluster.delete(ResourceKind.DEPLOYMENT, ns, "web", Propagation.FOREGROUND);
    Example.say("deleted; deployments left in " + ns + ": " + cluster.deployments(ns).size());
  }
}
