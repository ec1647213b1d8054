package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.RolloutTimeoutException;
import dev.cloudnative.kubernetes.ServiceAccountSpec;
import dev.cloudnative.kubernetes.StatefulSetSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded cluster applies the ServiceAccount admission rule an API server applies: a workload
 * whose pods name an account missing from their namespace gets no pods (its rollout stalls and its
 * wait times out with the last status), the {@code default} account always exists, and once the
 * account is created the controllers create the pods on their next pass.
 */
class InMemoryServiceAccountAdmissionTest {

  private static final String NS = "default";

  private final InMemoryCluster cluster = InMemoryCluster.builder().build();

  @AfterEach
  void close() {
    cluster.close();
  }

  private int podsOf(String key, String value) {
    return cluster.pods(NS, Map.of(key, value)).size();
  }

  @Test
  void podsNamingAMissingAccountAreNotCreatedUntilTheAccountExists() {
    cluster.apply(
        DeploymentSpec.named("web")
            .running("nginx:1.27")
            .withReplicas(2)
            .withServiceAccount("deployer")
            .build());
    cluster.apply(
        StatefulSetSpec.named("db").running("postgres:16").withServiceAccount("deployer").build());
    cluster.apply(
        DaemonSetSpec.named("agent")
            .running("fluent/fluent-bit:3.1")
            .withServiceAccount("deployer")
            .build());
    cluster.apply(
        JobSpec.named("migrate").running("busybox:1.36").withServiceAccount("deployer").build());
    cluster.step(3);
    assertThat(podsOf("app", "web")).isZero();
    assertThat(podsOf("app", "db")).isZero();
    assertThat(podsOf("app", "agent")).isZero();
    assertThat(podsOf(JobSpec.JOB_NAME_LABEL, "migrate")).isZero();
    assertThatThrownBy(
            () -> cluster.awaitRollout(NS, "web", Duration.ofSeconds(5), RolloutListener.NONE))
        .isInstanceOfSatisfying(
            RolloutTimeoutException.class,
            e -> assertThat(e.lastStatus().updatedReplicas()).isZero());

    cluster.apply(ServiceAccountSpec.named("deployer").build());
    cluster.step();
    assertThat(podsOf("app", "web")).isEqualTo(2);
    assertThat(podsOf("app", "db")).isEqualTo(1);
    assertThat(podsOf("app", "agent")).isPositive();
    assertThat(podsOf(JobSpec.JOB_NAME_LABEL, "migrate")).isEqualTo(1);
    assertThat(
            cluster.awaitRollout(NS, "web", Duration.ofMinutes(1), RolloutListener.NONE).complete())
        .isTrue();
  }

  @Test
  void theDefaultAccountAlwaysExists() {
    cluster.apply(
        DeploymentSpec.named("web").running("nginx:1.27").withServiceAccount("default").build());
    assertThat(
            cluster.awaitRollout(NS, "web", Duration.ofMinutes(1), RolloutListener.NONE).complete())
        .isTrue();
  }

  @Test
  void anAccountNameThatIsNoDnsSubdomainIsRefusedBeforeAnyCall() {
    assertThatThrownBy(
            () ->
                DeploymentSpec.named("web")
                    .running("nginx:1.27")
                    .withServiceAccount("Not_A_Name")
                    .build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("serviceAccountName")
        .hasMessageContaining("Not_A_Name");
    assertThatThrownBy(() -> JobSpec.named("j").running("busybox").withServiceAccount(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("serviceAccountName");
  }
}
