package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.DriftStatus;
import dev.cloudnative.kubernetes.DriftedField;
import dev.cloudnative.kubernetes.FieldChange;
import dev.cloudnative.kubernetes.PlanAction;
import dev.cloudnative.kubernetes.PlanAndDriftContractTest;
import dev.cloudnative.kubernetes.PlannedChange;
import dev.cloudnative.kubernetes.ResourceDrift;
import dev.cloudnative.kubernetes.ResourceRef;
import dev.cloudnative.kubernetes.RoleBindingSpec;
import dev.cloudnative.kubernetes.SecretSpec;
import dev.cloudnative.kubernetes.Subject;
import dev.cloudnative.kubernetes.internal.ModelMapper;
import dev.cloudnative.kubernetes.internal.RbacMapper;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plan and drift contract on fabric8's CRUD mock. The mock refuses server-side apply (415), so
 * every plan here is the client-side comparison ({@code serverDryRun=false}, logged once), and it
 * keeps no {@code managedFields}, so drift names fields without a manager; the other manager is a
 * second cluster connected with its own field manager. Beyond the contract: the manager read from
 * {@code managedFields} shaped as a real API server writes them after {@code kubectl edit}, and
 * objects another tool created.
 */
class KubernetesClusterPlanAndDriftContractTest extends PlanAndDriftContractTest {

  private MockApiServer api;

  @Override
  protected Cluster newCluster() {
    api = new MockApiServer();
    return api.cluster(NS);
  }

  @AfterEach
  void stopServer() {
    api.close();
  }

  @Override
  protected void asManager(String manager, Consumer<Cluster> change) {
    try (KubernetesCluster other =
        KubernetesCluster.connect(api.configBuilder(NS).fieldManager(manager).build())) {
      change.accept(other);
    }
  }

  @Override
  protected void changeSubjects(String manager, String name, Subject... subjects) {
    // what `kubectl edit` does: a PUT of the stored object with other subjects, the SDK's
    // last-applied record left as it was
    var wanted =
        RbacMapper.toRoleBinding(
            RoleBindingSpec.named(name).grantingRole("pod-reader").to(subjects).build(), NS);
    api.client()
        .rbac()
        .roleBindings()
        .inNamespace(NS)
        .withName(name)
        .edit(
            rb -> {
              rb.setSubjects(wanted.getSubjects());
              return rb;
            });
  }

  @Override
  protected boolean tracksFieldManagers() {
    System.out.println(
        "fabric8's CRUD mock keeps no metadata.managedFields: drift names fields, not managers"
            + " (see driftNamesTheManagerFromManagedFields for the managedFields path)");
    return false;
  }

  @Override
  protected boolean serverDryRun() {
    return false; // the mock answers server-side apply with 415 Unsupported Media Type
  }

  @Test
  void driftNamesTheManagerFromManagedFields() {
    cluster.apply(DeploymentSpec.named("web").running("nginx:1.26").withReplicas(2).build());
    KubernetesClient client = api.client();
    // what a real API server holds after `kubectl edit` changed spec.replicas: the field left the
    // SDK's Apply entry and belongs to kubectl-edit's Update entry
    Map<String, Object> container = Map.of(".", Map.of(), "f:image", Map.of());
    Map<String, Object> podSpec = Map.of("f:containers", Map.of("k:{\"name\":\"web\"}", container));
    Map<String, Object> sdkFields =
        Map.of("f:spec", Map.of("f:template", Map.of("f:spec", podSpec)));
    Map<String, Object> editFields = Map.of("f:spec", Map.of("f:replicas", Map.of()));
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .edit(
            d -> {
              d.getSpec().setReplicas(5);
              d.getMetadata()
                  .setManagedFields(
                      List.of(
                          entry("cloudnative", "Apply", "2030-01-01T00:00:00Z", sdkFields),
                          entry("kubectl-edit", "Update", "2030-01-01T00:05:00Z", editFields)));
              return d;
            });

    ResourceDrift drift = cluster.drift(new ResourceRef("Deployment", NS, "web")).get(0);

    assertThat(drift.fields())
        .containsExactly(
            new DriftedField(
                "/spec/replicas", Optional.of("2"), Optional.of("5"), Optional.of("kubectl-edit")));
  }

  private static io.fabric8.kubernetes.api.model.ManagedFieldsEntry entry(
      String manager, String operation, String time, Map<String, Object> fields) {
    FieldsV1 f = new FieldsV1();
    fields.forEach(f::setAdditionalProperty);
    return new ManagedFieldsEntryBuilder()
        .withManager(manager)
        .withOperation(operation)
        .withApiVersion("apps/v1")
        .withTime(time)
        .withFieldsType("FieldsV1")
        .withFieldsV1(f)
        .build();
  }

  @Test
  void aSecretChangedByAnotherToolDriftsRedacted() {
    cluster.apply(SecretSpec.of("creds", Map.of("password", "hunter2")));
    String letmein = Base64.getEncoder().encodeToString("letmein".getBytes());
    api.client()
        .secrets()
        .inNamespace(NS)
        .withName("creds")
        .edit(
            s -> {
              s.getData().put("password", letmein);
              return s;
            });

    ResourceDrift drift = cluster.drift(new ResourceRef("Secret", NS, "creds")).get(0);

    assertThat(drift.fields())
        .containsExactly(
            new DriftedField(
                "/data/password",
                Optional.of(FieldChange.REDACTED),
                Optional.of(FieldChange.REDACTED),
                Optional.empty()));
    assertThat(drift.toString()).doesNotContain("letmein").doesNotContain(letmein);
  }

  @Test
  void anObjectAnotherToolCreatedIsNotAppliedAndPlansAsAnUpdateOfItsFields() {
    api.client()
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .withData(Map.of("level", "debug", "owner", "ops"))
                .build())
        .create();

    assertThat(cluster.drift(new ResourceRef("ConfigMap", NS, "settings")).get(0).status())
        .isEqualTo(DriftStatus.NOT_APPLIED);
    PlannedChange p =
        cluster
            .plan(dev.cloudnative.kubernetes.ConfigMapSpec.of("settings", Map.of("level", "info")))
            .resources()
            .get(0);
    // the SDK never applied data.owner, so its apply leaves it alone: only data.level changes
    assertThat(p.action()).isEqualTo(PlanAction.UPDATE);
    assertThat(p.changes())
        .containsExactly(
            new FieldChange("/data/level", Optional.of("\"debug\""), Optional.of("\"info\"")));
  }

  @Test
  void theAppliedObjectCarriesTheRecordDriftReads() {
    cluster.apply(DeploymentSpec.named("web").running("nginx:1.26").build());
    Deployment d = api.client().apps().deployments().inNamespace(NS).withName("web").get();
    assertThat(d.getMetadata().getAnnotations())
        .containsKey("cloudnative.dev/last-applied-configuration");
    assertThat(d.getMetadata().getAnnotations().get("cloudnative.dev/last-applied-configuration"))
        .contains("\"replicas\":1")
        .contains("nginx:1.26");
  }

  @Test
  void aPlanIsTheServersDryRunWhereTheServerAnswersServerSideApply() throws Exception {
    // the live object as a real server keeps it: defaulted fields, server-managed metadata
    Deployment live =
        ModelMapper.toDeployment(
            DeploymentSpec.named("web").running("nginx:1.26").withReplicas(2).build(), NS);
    live.getSpec().setRevisionHistoryLimit(10);
    live.getSpec().setProgressDeadlineSeconds(600);
    api.client().apps().deployments().inNamespace(NS).resource(live).create();
    live = api.client().apps().deployments().inNamespace(NS).withName("web").get();
    // the server's dry-run answer: the applied change, the same defaults, a new resourceVersion,
    // managedFields and a status none of which may show in the plan
    Deployment answer = api.client().getKubernetesSerialization().clone(live);
    answer.getSpec().setReplicas(3);
    answer.getMetadata().setResourceVersion("999");
    answer.getMetadata().setGeneration(7L);
    answer
        .getMetadata()
        .setManagedFields(
            List.of(
                entry(
                    "cloudnative",
                    "Apply",
                    "2030-01-01T00:00:00Z",
                    Map.of("f:spec", Map.of("f:replicas", Map.of())))));
    answer.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder().withReplicas(2).build());
    for (String query :
        List.of(
            "?fieldManager=cloudnative&force=true&dryRun=All",
            "?dryRun=All&fieldManager=cloudnative&force=true",
            "?fieldManager=cloudnative&dryRun=All&force=true")) {
      api.server
          .expect()
          .patch()
          .withPath("/apis/apps/v1/namespaces/" + NS + "/deployments/web" + query)
          .andReturn(200, answer)
          .always();
    }
    while (api.server.takeRequest(20, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
      // drop the set-up's requests
    }

    PlannedChange p =
        cluster
            .plan(DeploymentSpec.named("web").running("nginx:1.26").withReplicas(3).build())
            .resources()
            .get(0);

    List<io.fabric8.mockwebserver.http.RecordedRequest> requests = new java.util.ArrayList<>();
    io.fabric8.mockwebserver.http.RecordedRequest r;
    while ((r = api.server.takeRequest(20, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      requests.add(r);
    }
    assertThat(requests)
        .filteredOn(q -> q.getMethod().equals("PATCH"))
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.getPath()).contains("dryRun=All").contains("fieldManager=cloudnative");
              assertThat(q.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
            });
    assertThat(p.serverDryRun()).isTrue();
    assertThat(p.action()).isEqualTo(PlanAction.UPDATE);
    assertThat(p.changes())
        .containsExactly(new FieldChange("/spec/replicas", Optional.of("2"), Optional.of("3")));
    assertThat(
            api.client()
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(2);
  }
}
