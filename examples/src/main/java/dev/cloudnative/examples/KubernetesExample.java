package dev.cloudnative.examples;

import dev.cloudnative.core.CloudNative;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ImageBuild;
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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The Kubernetes scenario: a namespace, a deployment with a readiness probe and a service, a
 * watched rollout, scaling, an image update rolled out pod by pod, CPU-driven autoscaling, pod
 * logs, and clean-up. On the simulated cluster the example plays the metrics server and the
 * application writing a log line.
 */
public final class KubernetesExample {

  private KubernetesExample() {}

  public static void main(String[] args) {
    try (CloudNative cn = CloudNative.fromEnvironment()) {
      run(cn.cluster(), cn.containers());
    }
  }

  static void run(Cluster cluster, ContainerEngine engine) {
    // images the pods can run wherever this engine is the cluster's runtime (the embedded defaults)
    String v1 = System.getenv().getOrDefault("CLOUDNATIVE_EXAMPLE_IMAGE", "web:1.27");
    String v2 = v1.replace(":1.27", ":1.28");
    engine.build(ImageBuild.fromDirectory(Example.webSite("web 1.27")).tag(v1).build());
    engine.build(ImageBuild.fromDirectory(Example.webSite("web 1.28")).tag(v2).build());
    String ns = "shop";
    cluster.ensureNamespace(ns);
    cluster.apply(
        DeploymentSpec.named("web")
            .inNamespace(ns)
            .running(v1)
            .withReplicas(2)
            .withPort("http", 8080)
            .withReadinessProbe(Probe.http("/", 8080))
            .build());
    cluster.apply(ServiceSpec.named("web").inNamespace(ns).port(80).to(8080).build());
    cluster.awaitRollout(
        ns, "web", Duration.ofMinutes(2), status -> Example.say("  " + status.describe()));

    cluster.scale(ns, "web", 4);
    cluster.awaitRollout(ns, "web", Duration.ofMinutes(2), RolloutListener.NONE);
    Example.say(
        "scaled: "
            + cluster.pods(ns, Map.of("app", "web")).stream().filter(PodInfo::ready).count()
            + " ready pods, service endpoints "
            + cluster.service(ns, "web").orElseThrow().endpoints().size());

    cluster.updateImage(ns, "web", v2);
    cluster.awaitRollout(
        ns, "web", Duration.ofMinutes(2), status -> Example.say("  " + status.describe()));

    cluster.apply(AutoscalerSpec.scale("web").inNamespace(ns).between(2, 6).targetingCpu(50));
    if (cluster instanceof InMemoryCluster simulated) {
      simulated.reportCpu(ns, "web", 90);
      simulated.settle(50);
    }
    AutoscalerInfo hpa = cluster.autoscaler(ns, "web").orElseThrow();
    Example.say(
        "autoscaler: CPU "
            + hpa.currentCpuUtilizationPercent()
            + "% of target 50% -> "
            + hpa.desiredReplicas()
            + " replicas (bounds 2..6)");

    PodInfo pod =
        cluster.pods(ns, Map.of("app", "web")).stream()
            .filter(PodInfo::ready)
            .findFirst()
            .orElseThrow();
    if (!pod.simulated() && pod.ip().startsWith("127.")) {
      // a pod of the local runtime answers on loopback: one request, which its httpd logs
      Example.say(
          "GET / on " + pod.name() + ": " + get("http://" + pod.ip() + ":" + pod.port(8080) + "/"));
    } else if (cluster instanceof InMemoryCluster simulated) {
      simulated.appendLog(ns, pod.name(), "GET / 200");
    }
    Example.say("logs of " + pod.name() + " (" + pod.image() + "):");
    cluster
        .logs(ns, pod.name(), LogOptions.all().tail(5))
        .lines()
        .forEach(line -> Example.say("  " + line));

    cluster.delete(ResourceKind.HORIZONTAL_POD_AUTOSCALER, ns, "web", Propagation.FOREGROUND);
    cluster.delete(ResourceKind.SERVICE, ns, "web", Propagation.FOREGROUND);
    cluster.delete(ResourceKind.DEPLOYMENT, ns, "web", Propagation.FOREGROUND);
    Example.say("deleted; deployments left in " + ns + ": " + cluster.deployments(ns).size());
  }

  private static String get(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .body()
          .trim();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + url, e);
    }
  }
}
