package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.Probe;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@code apply(DaemonSetSpec)} writes to the API server, read back raw. */
class KubernetesClusterDaemonSetMockTest {

  private final MockApiServer api = new MockApiServer();
  private final KubernetesCluster cluster = api.cluster("ns");

  @AfterEach
  void close() {
    cluster.close();
    api.close();
  }

  @Test
  void theManifestCarriesEveryFieldOfTheSpec() {
    cluster.ensureNamespace("ns");
    cluster.apply(
        DaemonSetSpec.named("agent")
            .running("fluent/fluent-bit:3.1")
            .withPort("metrics", 2020)
            .withEnvFromSecret("TOKEN", "agent", "token")
            .withReadinessProbe(Probe.http("/health", 2020))
            .withLabel("tier", "ops")
            .withMaxUnavailable("25%")
            .build());
    DaemonSet d = api.client().apps().daemonSets().inNamespace("ns").withName("agent").get();
    assertThat(d.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(d.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getStrVal())
        .isEqualTo("25%");
    assertThat(d.getSpec().getSelector().getMatchLabels()).containsEntry("app", "agent");
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app", "agent")
        .containsEntry("tier", "ops");
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getName()).isEqualTo("agent");
    assertThat(c.getImage()).isEqualTo("fluent/fluent-bit:3.1");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(2020);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getEnv().get(0).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
    assertThat(cluster.daemonSet("ns", "agent")).isPresent();
  }

  @Test
  void anUpdateKeepsTheControllersStatus() {
    cluster.ensureNamespace("ns");
    cluster.apply(DaemonSetSpec.named("agent").running("agent:1").build());
    DaemonSet d = api.client().apps().daemonSets().inNamespace("ns").withName("agent").get();
    d.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DaemonSetStatusBuilder()
            .withDesiredNumberScheduled(5)
            .withObservedGeneration(1L)
            .build());
    api.client().apps().daemonSets().inNamespace("ns").resource(d).updateStatus();
    var status = cluster.apply(DaemonSetSpec.named("agent").running("agent:2").build());
    assertThat(status.desiredNumberScheduled()).isEqualTo(5);
  }
}
