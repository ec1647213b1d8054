package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Probe;
import dev.cloudnative.kubernetes.StatefulSetSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@code apply(StatefulSetSpec)} writes to the API server, read back raw. */
class KubernetesClusterStatefulSetMockTest {

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
        StatefulSetSpec.named("db")
            .running("postgres:16")
            .withReplicas(3)
            .withServiceName("db-headless")
            .withPort("pg", 5432)
            .withEnvFromSecret("POSTGRES_PASSWORD", "db", "pw")
            .withReadinessProbe(Probe.tcp(5432))
            .withLabel("tier", "data")
            .withPartition(1)
            .build());
    StatefulSet s = api.client().apps().statefulSets().inNamespace("ns").withName("db").get();
    assertThat(s.getSpec().getReplicas()).isEqualTo(3);
    assertThat(s.getSpec().getServiceName()).isEqualTo("db-headless");
    assertThat(s.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
    assertThat(s.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(s.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isEqualTo(1);
    assertThat(s.getSpec().getSelector().getMatchLabels()).containsEntry("app", "db");
    assertThat(s.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app", "db")
        .containsEntry("tier", "data");
    Container c = s.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("postgres:16");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(5432);
    assertThat(c.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(5432);
    assertThat(c.getEnv().get(0).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("pw");
    assertThat(cluster.statefulSet("ns", "db").orElseThrow().partition()).isEqualTo(1);
  }
}
