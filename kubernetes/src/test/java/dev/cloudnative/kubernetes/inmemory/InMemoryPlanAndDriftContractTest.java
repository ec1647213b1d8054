package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ConfigMapSpec;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.DriftStatus;
import dev.cloudnative.kubernetes.DriftedField;
import dev.cloudnative.kubernetes.FieldChange;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.PlanAndDriftContractTest;
import dev.cloudnative.kubernetes.ResourceDrift;
import dev.cloudnative.kubernetes.ResourceRef;
import dev.cloudnative.kubernetes.RoleBindingSpec;
import dev.cloudnative.kubernetes.SecretSpec;
import dev.cloudnative.kubernetes.Subject;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The plan and drift contract on the embedded cluster, whose field ledger plays the API server's
 * managedFields: {@link InMemoryCluster#actAs} is the other field manager.
 */
class InMemoryPlanAndDriftContractTest extends PlanAndDriftContractTest {

  private InMemoryCluster memory;

  @Override
  protected Cluster newCluster() {
    memory = InMemoryCluster.builder().defaultNamespace(NS).build();
    return memory;
  }

  @Override
  protected void asManager(String manager, Consumer<Cluster> change) {
    memory.actAs(manager, change);
  }

  @Override
  protected void changeSubjects(String manager, String name, Subject... subjects) {
    memory.actAs(
        manager,
        c ->
            c.apply(
                RoleBindingSpec.named(name)
                    .inNamespace(NS)
                    .grantingRole("pod-reader")
                    .to(subjects)
                    .build()));
  }

  @Override
  protected boolean tracksFieldManagers() {
    return true;
  }

  @Override
  protected boolean serverDryRun() {
    return false;
  }

  @Test
  void anApplyByAnotherManagerIsDriftNamingItWithTheSecretRedacted() {
    memory.apply(SecretSpec.of("creds", Map.of("password", "hunter2")));

    memory.actAs(
        "kubectl-edit", c -> c.apply(SecretSpec.of("creds", Map.of("password", "letmein"))));

    ResourceDrift drift = memory.drift(new ResourceRef("Secret", NS, "creds")).get(0);
    assertThat(drift.fields())
        .containsExactly(
            new DriftedField(
                "/data/password",
                Optional.of(FieldChange.REDACTED),
                Optional.of(FieldChange.REDACTED),
                Optional.of("kubectl-edit")));
    assertThat(drift.toString()).doesNotContain("letmein").doesNotContain("hunter2");
    assertThat(memory.secret(NS, "creds")).contains(Map.of("password", "letmein"));
  }

  @Test
  void aChangeOutsideActAsDriftsWithNoManager() {
    memory.apply(DeploymentSpec.named("web").running("nginx:1.26").withReplicas(2).build());

    memory.scale(NS, "web", 4); // the cluster's own scale: not attributed to anyone

    ResourceDrift drift = memory.drift(new ResourceRef("Deployment", NS, "web")).get(0);
    assertThat(drift.fields())
        .containsExactly(
            new DriftedField(
                "/spec/replicas", Optional.of("2"), Optional.of("4"), Optional.empty()));
  }

  @Test
  void aLaterChangeOutsideActAsClearsTheManagerOfTheField() {
    memory.apply(DeploymentSpec.named("web").running("nginx:1.26").withReplicas(2).build());
    memory.actAs("kubectl-edit", c -> c.scale(NS, "web", 5));

    memory.scale(NS, "web", 6);

    assertThat(memory.drift(new ResourceRef("Deployment", NS, "web")).get(0).fields())
        .containsExactly(
            new DriftedField(
                "/spec/replicas", Optional.of("2"), Optional.of("6"), Optional.empty()));
  }

  @Test
  void yamlAppliedObjectsAreTrackedToo() {
    memory.applyYaml(
        NS, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: info\n");
    assertThat(memory.drift(new ResourceRef("ConfigMap", NS, "settings")).get(0).status())
        .isEqualTo(DriftStatus.IN_SYNC);

    memory.actAs("helm", c -> c.apply(ConfigMapSpec.of("settings", Map.of("level", "debug"))));

    assertThat(memory.drift(new ResourceRef("ConfigMap", NS, "settings")).get(0).fields())
        .containsExactly(
            new DriftedField(
                "/data/level",
                Optional.of("\"info\""),
                Optional.of("\"debug\""),
                Optional.of("helm")));
  }

  @Test
  void actAsAndTheFieldManagerRefuseBadInput() {
    assertThatThrownBy(() -> memory.actAs(" ", c -> {}))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("fieldManager");
    assertThatThrownBy(() -> memory.actAs("kubectl-edit", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("changes");
    assertThatThrownBy(() -> InMemoryCluster.builder().fieldManager(""))
        .isInstanceOf(KubernetesInvalidException.class);
  }

  @Test
  void theReadmeSnippetsHold() {
    try (InMemoryCluster shop = InMemoryCluster.builder().defaultNamespace("shop").build()) {
      shop.ensureNamespace("shop");
      SecretSpec creds = SecretSpec.of("creds", Map.of("password", "s3cret"));
      shop.apply(
          DeploymentSpec.named("web")
              .inNamespace("shop")
              .running("nginx:1.26")
              .withReplicas(2)
              .withEnv("MODE", "prod")
              .build());
      shop.apply(creds);
      DeploymentSpec web =
          DeploymentSpec.named("web")
              .inNamespace("shop")
              .running("nginx:1.27")
              .withReplicas(3)
              .withEnv("MODE", "prod")
              .build();

      assertThat(shop.plan(web, creds).describe())
          .isEqualTo(
              "update Deployment shop/web\n"
                  + "  /spec/replicas: 2 -> 3\n"
                  + "  /spec/template/spec/containers[name=web]/image: \"nginx:1.26\" ->"
                  + " \"nginx:1.27\"\n"
                  + "unchanged Secret shop/creds\n");
    }

    try (InMemoryCluster cluster = InMemoryCluster.create()) {
      cluster.apply(DeploymentSpec.named("web").running("nginx:1.26").withReplicas(2).build());
      cluster.actAs("kubectl-edit", c -> c.scale("default", "web", 5));
      assertThat(
              cluster
                  .drift(new ResourceRef("Deployment", "default", "web"))
                  .get(0)
                  .fields()
                  .get(0)
                  .describe())
          .isEqualTo("/spec/replicas: 2 -> 5 (by kubectl-edit)");
    }
  }
}
