package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plan and drift as every {@link Cluster} implementation must show them: a plan on an empty
 * namespace creates, a plan right after the apply changes nothing, a plan of a changed spec lists
 * exactly the changed fields with their old and new values, a Secret's values never appear, a plan
 * writes nothing; drift is empty right after an apply and names the field (and, where the cluster
 * tracks field managers, the manager) another writer changed; bad input is refused.
 */
public abstract class PlanAndDriftContractTest {

  protected static final String NS = "plans";
  private static final String CONTAINER = "/spec/template/spec/containers[name=web]";

  protected Cluster cluster;

  /** A fresh cluster whose default namespace is {@link #NS}. */
  protected abstract Cluster newCluster();

  /** Runs {@code change} on the cluster as field manager {@code manager}. */
  protected abstract void asManager(String manager, Consumer<Cluster> change);

  /**
   * Whether the cluster tells which manager owns a field (managedFields or the embedded ledger);
   * when not, drift names the field with no manager.
   */
  protected abstract boolean tracksFieldManagers();

  /** Whether plans come from the API server's dry run (false: the SDK's own comparison). */
  protected abstract boolean serverDryRun();

  @BeforeEach
  void setUpCluster() {
    cluster = newCluster();
    cluster.ensureNamespace(NS);
  }

  @AfterEach
  void tearDownCluster() {
    cluster.close();
  }

  private static DeploymentSpec web(int replicas, String image, String mode, String tier) {
    return DeploymentSpec.named("web")
        .inNamespace(NS)
        .running(image)
        .withReplicas(replicas)
        .withEnv("MODE", mode)
        .withLabel("tier", tier)
        .withPort("http", 8080)
        .build();
  }

  private static ServiceSpec webService() {
    return ServiceSpec.named("web").inNamespace(NS).port("http", 80).to(8080).build();
  }

  private static ResourceRef ref(String kind, String name) {
    return new ResourceRef(kind, NS, name);
  }

  private static FieldChange change(PlannedChange planned, String path) {
    return planned.changes().stream()
        .filter(c -> c.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError(path + " not in " + planned.paths()));
  }

  @Test
  void aPlanOnAnEmptyNamespaceCreatesEverythingAndWritesNothing() {
    Plan plan =
        cluster.plan(
            web(2, "nginx:1.26", "a", "front"),
            webService(),
            ConfigMapSpec.of("settings", Map.of("level", "info")),
            SecretSpec.of("creds", Map.of("password", "hunter2")));

    assertThat(plan.resources())
        .extracting(PlannedChange::resource)
        .containsExactly(
            ref("Deployment", "web"),
            ref("Service", "web"),
            ref("ConfigMap", "settings"),
            ref("Secret", "creds"));
    assertThat(plan.resources()).allMatch(r -> r.action() == PlanAction.CREATE);
    assertThat(plan.resources()).allMatch(r -> r.serverDryRun() == serverDryRun());
    assertThat(plan.hasChanges()).isTrue();
    PlannedChange deployment = plan.resources().get(0);
    assertThat(change(deployment, "/spec/replicas").after()).contains("2");
    assertThat(change(deployment, "/spec/replicas").before()).isEmpty();
    assertThat(change(deployment, CONTAINER + "/image").after()).contains("\"nginx:1.26\"");
    assertThat(change(plan.resources().get(2), "/data/level").after()).contains("\"info\"");
    assertThat(change(plan.resources().get(3), "/data/password").after())
        .contains(FieldChange.REDACTED);
    assertThat(plan.describe())
        .startsWith("create Deployment plans/web\n")
        .doesNotContain("hunter2");

    assertThat(cluster.deployment(NS, "web")).isEmpty();
    assertThat(cluster.service(NS, "web")).isEmpty();
    assertThat(cluster.configMap(NS, "settings")).isEmpty();
    assertThat(cluster.secret(NS, "creds")).isEmpty();
  }

  @Test
  void aPlanRightAfterTheApplyChangesNothing() {
    DeploymentSpec deployment = web(2, "nginx:1.26", "a", "front");
    ConfigMapSpec settings = ConfigMapSpec.of("settings", Map.of("level", "info"));
    SecretSpec creds = SecretSpec.of("creds", Map.of("password", "hunter2"));
    cluster.apply(deployment);
    cluster.apply(webService());
    cluster.apply(settings);
    cluster.apply(creds);

    Plan plan = cluster.plan(deployment, webService(), settings, creds);

    assertThat(plan.resources()).allMatch(r -> r.action() == PlanAction.UNCHANGED, plan.describe());
    assertThat(plan.resources()).allMatch(r -> r.changes().isEmpty());
    assertThat(plan.hasChanges()).isFalse();
  }

  @Test
  void aPlanOfAChangedSpecListsExactlyTheChangedFieldsAndWritesNothing() {
    cluster.apply(web(2, "nginx:1.26", "a", "front"));

    Plan plan = cluster.plan(web(3, "nginx:1.27", "b", "back"));

    PlannedChange p = plan.resources().get(0);
    assertThat(p.action()).isEqualTo(PlanAction.UPDATE);
    assertThat(p.paths())
        .containsExactlyInAnyOrder(
            "/metadata/labels/tier", // the spec's labels go on the Deployment and its pods
            "/spec/replicas",
            CONTAINER + "/image",
            CONTAINER + "/env[name=MODE]/value",
            "/spec/template/metadata/labels/tier");
    assertThat(change(p, "/spec/replicas"))
        .isEqualTo(new FieldChange("/spec/replicas", Optional.of("2"), Optional.of("3")));
    assertThat(change(p, CONTAINER + "/image").before()).contains("\"nginx:1.26\"");
    assertThat(change(p, CONTAINER + "/image").after()).contains("\"nginx:1.27\"");
    assertThat(change(p, CONTAINER + "/env[name=MODE]/value").after()).contains("\"b\"");
    assertThat(change(p, "/spec/template/metadata/labels/tier").before()).contains("\"front\"");

    DeploymentInfo live = cluster.deployment(NS, "web").orElseThrow();
    assertThat(live.replicas()).isEqualTo(2);
    assertThat(live.image()).isEqualTo("nginx:1.26");
  }

  @Test
  void aPlanRemovesWhatTheSdkAppliedBeforeAndKeepsWhatItNeverSet() {
    cluster.apply(ConfigMapSpec.of("settings", Map.of("level", "info", "color", "blue")));

    PlannedChange p =
        cluster.plan(ConfigMapSpec.of("settings", Map.of("level", "info"))).resources().get(0);

    assertThat(p.action()).isEqualTo(PlanAction.UPDATE);
    assertThat(p.changes())
        .containsExactly(new FieldChange("/data/color", Optional.of("\"blue\""), Optional.empty()));
  }

  @Test
  void aSecretsValuesNeverAppearInAPlan() {
    cluster.apply(SecretSpec.of("creds", Map.of("password", "hunter2")));

    PlannedChange p =
        cluster
            .plan(SecretSpec.of("creds", Map.of("password", "swordfish", "user", "admin")))
            .resources()
            .get(0);

    assertThat(p.action()).isEqualTo(PlanAction.UPDATE);
    assertThat(p.changes())
        .containsExactlyInAnyOrder(
            new FieldChange(
                "/data/password",
                Optional.of(FieldChange.REDACTED),
                Optional.of(FieldChange.REDACTED)),
            new FieldChange("/data/user", Optional.empty(), Optional.of(FieldChange.REDACTED)));
    String shown =
        p.toString() + cluster.plan(SecretSpec.of("creds", Map.of("password", "x"))).describe();
    for (String secret : List.of("hunter2", "swordfish", "admin", "aHVudGVyMg", "c3dvcmRmaXNo")) {
      assertThat(shown).doesNotContain(secret);
    }

    assertThat(cluster.secret(NS, "creds")).contains(Map.of("password", "hunter2"));
  }

  @Test
  void driftIsEmptyRightAfterAnApply() {
    cluster.apply(web(2, "nginx:1.26", "a", "front"));
    cluster.apply(webService());
    cluster.apply(ConfigMapSpec.of("settings", Map.of("level", "info")));
    cluster.apply(SecretSpec.of("creds", Map.of("password", "hunter2")));

    List<ResourceDrift> drift =
        cluster.drift(
            ref("Deployment", "web"),
            ref("Service", "web"),
            ref("ConfigMap", "settings"),
            new ResourceRef("Secret", null, "creds"));

    assertThat(drift).extracting(ResourceDrift::status).containsOnly(DriftStatus.IN_SYNC);
    assertThat(drift).allMatch(d -> d.fields().isEmpty() && !d.drifted());
    assertThat(drift.get(3).resource()).isEqualTo(ref("Secret", "creds"));
  }

  @Test
  void driftNamesTheFieldAnotherManagerChangedAndAReapplyPlansItBack() {
    DeploymentSpec spec = web(2, "nginx:1.26", "a", "front");
    cluster.apply(spec);

    asManager("kubectl-edit", c -> c.scale(NS, "web", 5));

    ResourceDrift drift = cluster.drift(ref("Deployment", "web")).get(0);
    assertThat(drift.status()).isEqualTo(DriftStatus.DRIFTED);
    assertThat(drift.drifted()).isTrue();
    assertThat(drift.fields())
        .containsExactly(
            new DriftedField(
                "/spec/replicas",
                Optional.of("2"),
                Optional.of("5"),
                tracksFieldManagers() ? Optional.of("kubectl-edit") : Optional.empty()));

    PlannedChange back = cluster.plan(spec).resources().get(0);
    assertThat(back.action()).isEqualTo(PlanAction.UPDATE);
    assertThat(back.changes())
        .containsExactly(new FieldChange("/spec/replicas", Optional.of("5"), Optional.of("2")));

    cluster.apply(spec);
    assertThat(cluster.drift(ref("Deployment", "web")).get(0).status())
        .isEqualTo(DriftStatus.IN_SYNC);
  }

  @Test
  void driftOfAnImageChangeNamesTheContainerField() {
    cluster.apply(web(2, "nginx:1.26", "a", "front"));

    asManager("rollout-bot", c -> c.updateImage(NS, "web", "nginx:1.27"));

    ResourceDrift drift = cluster.drift(ref("Deployment", "web")).get(0);
    assertThat(drift.paths()).containsExactly(CONTAINER + "/image");
    assertThat(drift.fields().get(0).applied()).contains("\"nginx:1.26\"");
    assertThat(drift.fields().get(0).live()).contains("\"nginx:1.27\"");
    if (tracksFieldManagers()) {
      assertThat(drift.fields().get(0).manager()).contains("rollout-bot");
    }
  }

  @Test
  void aDeletedObjectIsMissing() {
    cluster.apply(ConfigMapSpec.of("settings", Map.of("level", "info")));
    cluster.delete(ResourceKind.CONFIG_MAP, NS, "settings", Propagation.BACKGROUND);

    assertThat(cluster.drift(ref("ConfigMap", "settings")))
        .extracting(ResourceDrift::status)
        .containsExactly(DriftStatus.MISSING);
    assertThat(cluster.drift(ref("Deployment", "never-applied")).get(0).drifted()).isTrue();
  }

  private static RoleSpec podReader(String... verbs) {
    return RoleSpec.named("pod-reader")
        .inNamespace(NS)
        .allowing(PolicyRule.allowing(verbs).on("pods").build())
        .build();
  }

  private static RoleBindingSpec readers(Subject... subjects) {
    return RoleBindingSpec.named("readers")
        .inNamespace(NS)
        .grantingRole("pod-reader")
        .to(subjects)
        .build();
  }

  @Test
  void aPlanOfARoleWhoseRulesChangedListsTheChangedRuleFields() {
    cluster.apply(ServiceAccountSpec.named("deployer").inNamespace(NS).build());
    cluster.apply(podReader("get", "list"));
    cluster.apply(readers(Subject.serviceAccount("deployer")));

    Plan plan =
        cluster.plan(
            ServiceAccountSpec.named("deployer").inNamespace(NS).build(),
            podReader("get", "list", "watch"),
            readers(Subject.serviceAccount("deployer")));

    assertThat(plan.resources())
        .extracting(PlannedChange::resource, PlannedChange::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ref("ServiceAccount", "deployer"), PlanAction.UNCHANGED),
            org.assertj.core.groups.Tuple.tuple(ref("Role", "pod-reader"), PlanAction.UPDATE),
            org.assertj.core.groups.Tuple.tuple(
                ref("RoleBinding", "readers"), PlanAction.UNCHANGED));
    PlannedChange role = plan.resources().get(1);
    assertThat(role.changes())
        .containsExactly(
            new FieldChange(
                "/rules/0/verbs",
                Optional.of("[\"get\",\"list\"]"),
                Optional.of("[\"get\",\"list\",\"watch\"]")));
    assertThat(cluster.role(NS, "pod-reader").orElseThrow().rules().get(0).verbs())
        .containsExactly("get", "list");
  }

  @Test
  void workloadsRunAsTheirServiceAccountAndAPlanNamesAChangeOfAccount() {
    cluster.apply(ServiceAccountSpec.named("deployer").inNamespace(NS).build());
    cluster.apply(ServiceAccountSpec.named("auditor").inNamespace(NS).build());
    DeploymentSpec web = DeploymentSpec.named("web").inNamespace(NS).running("nginx:1.27").build();
    StatefulSetSpec db = StatefulSetSpec.named("db").inNamespace(NS).running("postgres:16").build();
    JobSpec migrate = JobSpec.named("migrate").inNamespace(NS).running("busybox:1.36").build();
    cluster.apply(web.toBuilder().withServiceAccount("deployer").build());
    cluster.apply(db.toBuilder().withServiceAccount("deployer").build());
    cluster.apply(migrate.toBuilder().withServiceAccount("deployer").build());

    Plan same =
        cluster.plan(
            web.toBuilder().withServiceAccount("deployer").build(),
            db.toBuilder().withServiceAccount("deployer").build());
    assertThat(same.resources()).allMatch(p -> p.action() == PlanAction.UNCHANGED);

    Plan changed =
        cluster.plan(
            web.toBuilder().withServiceAccount("auditor").build(),
            db.toBuilder().withServiceAccount("auditor").build());
    String path = "/spec/template/spec/serviceAccountName";
    for (PlannedChange p : changed.resources()) {
      assertThat(p.action()).as("%s", p.resource()).isEqualTo(PlanAction.UPDATE);
      assertThat(p.changes())
          .as("%s", p.resource())
          .containsExactly(
              new FieldChange(path, Optional.of("\"deployer\""), Optional.of("\"auditor\"")));
    }
    // back to the default account: the field goes away
    assertThat(change(cluster.plan(web).resources().get(0), path).after()).isEmpty();
    assertThat(cluster.plan(migrate.toBuilder().withServiceAccount("deployer").build()).resources())
        .extracting(PlannedChange::action)
        .containsExactly(PlanAction.UNCHANGED);
  }

  @Test
  void aClusterScopedClusterRolePlansCreateThenUnchangedWithNoNamespace() {
    ClusterRoleSpec nodeReader =
        ClusterRoleSpec.named("node-reader")
            .allowing(PolicyRule.allowing("get", "list").on("nodes").build())
            .build();
    ClusterRoleBindingSpec binding =
        ClusterRoleBindingSpec.named("ops-reads-nodes")
            .grantingClusterRole("node-reader")
            .to(Subject.group("ops"))
            .build();

    Plan created = cluster.plan(nodeReader, binding);

    assertThat(created.resources())
        .extracting(PlannedChange::resource)
        .containsExactly(
            new ResourceRef("ClusterRole", "", "node-reader"),
            new ResourceRef("ClusterRoleBinding", "", "ops-reads-nodes"));
    assertThat(created.resources()).allMatch(r -> r.action() == PlanAction.CREATE);
    assertThat(change(created.resources().get(0), "/rules").after().orElseThrow())
        .contains("\"resources\":[\"nodes\"]");
    assertThat(created.resources().get(0).paths())
        .noneMatch(p -> p.startsWith("/metadata/namespace"));
    assertThat(cluster.clusterRole("node-reader")).isEmpty();

    cluster.apply(nodeReader);
    cluster.apply(binding);

    assertThat(cluster.plan(nodeReader, binding).resources())
        .allMatch(r -> r.action() == PlanAction.UNCHANGED, "unchanged");
    List<ResourceDrift> drift =
        cluster.drift(
            new ResourceRef("ClusterRole", null, "node-reader"),
            new ResourceRef("ClusterRoleBinding", "", "ops-reads-nodes"));
    assertThat(drift).extracting(ResourceDrift::status).containsOnly(DriftStatus.IN_SYNC);
    assertThat(drift.get(0).resource())
        .isEqualTo(new ResourceRef("ClusterRole", "", "node-reader"));
    assertThatThrownBy(() -> cluster.drift(new ResourceRef("ClusterRole", NS, "node-reader")))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("cluster-scoped");
  }

  @Test
  void driftNamesTheSubjectsAnotherManagerReplacedInARoleBinding() {
    cluster.apply(readers(Subject.serviceAccount("deployer")));

    changeSubjects("rbac-bot", "readers", Subject.group("devs"));

    ResourceDrift drift = cluster.drift(ref("RoleBinding", "readers")).get(0);
    assertThat(drift.status()).isEqualTo(DriftStatus.DRIFTED);
    // the SDK owns the subject it applied, which is gone; the one the other manager added is its
    // own
    assertThat(drift.paths()).isNotEmpty().allMatch(p -> p.startsWith("/subjects[name=deployer]/"));
    assertThat(drift.fields())
        .contains(
            new DriftedField(
                "/subjects[name=deployer]/name",
                Optional.of("\"deployer\""),
                Optional.empty(),
                tracksFieldManagers() ? Optional.of("rbac-bot") : Optional.empty()));
    if (tracksFieldManagers()) {
      assertThat(drift.fields()).allMatch(f -> f.manager().equals(Optional.of("rbac-bot")));
    }
    assertThat(
            cluster.plan(readers(Subject.serviceAccount("deployer"))).resources().get(0).action())
        .isEqualTo(PlanAction.UPDATE);
  }

  /**
   * Replaces the subjects of RoleBinding {@code name} in {@link #NS} as field manager {@code
   * manager}, the way another tool would (not through this cluster's apply record).
   */
  protected abstract void changeSubjects(String manager, String name, Subject... subjects);

  @Test
  void nullAndBadInputAreRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> cluster.plan((ResourceSpec[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("specs");
    assertThatThrownBy(() -> cluster.plan(webService(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("specs[1]");
    assertThatThrownBy(() -> cluster.drift((ResourceRef[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("resources");
    assertThatThrownBy(() -> cluster.drift(ref("Deployment", "web"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("resources[1]");
    assertThatThrownBy(() -> cluster.drift(ref("Pod", "web")))
        .isInstanceOf(KubernetesInvalidException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("found 'Pod'")
        .hasMessageContaining("Deployment");
    assertThatThrownBy(() -> cluster.drift(ref("Deployment", "Not_A_Name")))
        .isInstanceOf(KubernetesInvalidException.class);
    assertThat(cluster.plan().resources()).isEmpty();
    assertThat(cluster.drift()).isEmpty();

    cluster.close();
    assertThatThrownBy(() -> cluster.plan(webService()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
    assertThatThrownBy(() -> cluster.drift(ref("Deployment", "web")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
  }
}
