package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.PolicyRule;
import dev.cloudnative.kubernetes.RbacContractTest;
import dev.cloudnative.kubernetes.RoleBindingSpec;
import dev.cloudnative.kubernetes.RoleSpec;
import dev.cloudnative.kubernetes.ServiceAccountSpec;
import dev.cloudnative.kubernetes.Subject;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RBAC contract on fabric8's CRUD mock (which refuses server-side apply, so every apply takes
 * the create/update fallback), and the manifests as the API server receives them.
 */
class KubernetesClusterRbacContractTest extends RbacContractTest {

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

  @Test
  void theManifestsAreRbacV1WithTheApiGroupsTheServerExpects() {
    cluster.apply(
        RoleSpec.named("reader")
            .allowing(PolicyRule.allowing("get").on("configmaps").named("settings").build())
            .build());
    cluster.apply(
        RoleBindingSpec.named("reader")
            .grantingRole("reader")
            .to(Subject.serviceAccount("app"), Subject.user("jane"))
            .build());
    Role role = api.client().rbac().roles().inNamespace(NS).withName("reader").get();
    assertThat(role.getApiVersion()).isEqualTo("rbac.authorization.k8s.io/v1");
    assertThat(role.getRules().get(0).getApiGroups()).containsExactly("");
    assertThat(role.getRules().get(0).getResourceNames()).containsExactly("settings");
    RoleBinding b = api.client().rbac().roleBindings().inNamespace(NS).withName("reader").get();
    assertThat(b.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(b.getSubjects().get(0).getApiGroup()).isEmpty();
    assertThat(b.getSubjects().get(0).getNamespace()).isNull();
    assertThat(b.getSubjects().get(1).getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
  }

  @Test
  void yamlOfTheRbacKindsIsAppliedAndReadBackAsSpecs() {
    var refs =
        cluster.applyYaml(
            NS,
            """
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: deployer}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata: {name: node-reader}
            rules: [{apiGroups: [""], resources: [nodes], verbs: [get]}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: deployer-reads-nodes}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-reader}
            subjects: [{kind: ServiceAccount, name: deployer}]
            """);
    assertThat(refs)
        .containsExactly(
            new dev.cloudnative.kubernetes.ResourceRef("ServiceAccount", NS, "deployer"),
            new dev.cloudnative.kubernetes.ResourceRef("ClusterRole", "", "node-reader"),
            new dev.cloudnative.kubernetes.ResourceRef("RoleBinding", NS, "deployer-reads-nodes"));
    assertThat(cluster.serviceAccount(NS, "deployer")).isPresent();
    assertThat(cluster.clusterRole("node-reader").orElseThrow().rules().get(0).verbs())
        .containsExactly("get");
    assertThat(cluster.roleBinding(NS, "deployer-reads-nodes").orElseThrow().subjects())
        .containsExactly(Subject.serviceAccount("deployer"));
  }

  @Test
  void aFallbackUpdateKeepsTheTokenControllersSecrets() {
    cluster.apply(ServiceAccountSpec.named("app").build());
    ServiceAccount live = api.client().serviceAccounts().inNamespace(NS).withName("app").get();
    live.setSecrets(List.of(new ObjectReferenceBuilder().withName("app-token-x1").build()));
    api.client().serviceAccounts().inNamespace(NS).resource(live).update();

    cluster.apply(ServiceAccountSpec.named("app").withImagePullSecret("registry").build());
    ServiceAccount after = api.client().serviceAccounts().inNamespace(NS).withName("app").get();
    assertThat(after.getSecrets()).extracting(r -> r.getName()).containsExactly("app-token-x1");
    assertThat(after.getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("registry");
  }
}
