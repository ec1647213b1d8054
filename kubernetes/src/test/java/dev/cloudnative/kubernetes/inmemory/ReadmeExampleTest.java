package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.LogOptions;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.Probe;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module README's example, run against the simulation so it cannot rot. */
class ReadmeExampleTest {

  @Test
  void deployWaitScaleLogsDelete() {
    List<String> out = new ArrayList<>();
    // --- README snippet (System.out.println replaced by out::add)
    try (Cluster cluster =
        InMemoryCluster
            .create()) { // or KubernetesCluster.connect(ClusterConfig.kubeconfig().build())
      cluster.ensureNamespace("shop");
      cluster.apply(
          DeploymentSpec.named("web")
              .running("nginx:1.27")
              .withReplicas(2)
              .inNamespace("shop")
              .withPort("http", 80)
              .withReadinessProbe(Probe.http("/", 80))
              .build());
      cluster.apply(ServiceSpec.named("web").inNamespace("shop").port(80).to(80).build());
      cluster.awaitRollout(
          "shop", "web", Duration.ofMinutes(2), status -> out.add(status.describe()));

      cluster.scale("shop", "web", 4);
      cluster.awaitRollout("shop", "web", Duration.ofMinutes(2), RolloutListener.NONE);

      PodInfo pod = cluster.pods("shop", Map.of("app", "web")).get(0);
      out.add(cluster.logs("shop", pod.name(), LogOptions.all().tail(20)));
      cluster.delete(ResourceKind.DEPLOYMENT, "shop", "web", Propagation.FOREGROUND);
      // --- end of snippet
      assertThat(cluster.pods("shop", Map.of("app", "web"))).isEmpty();
    }
    assertThat(out.get(out.size() - 2)).contains("successfully rolled out");
    assertThat(out.get(out.size() - 1)).contains("started from image nginx:1.27");
  }
}
