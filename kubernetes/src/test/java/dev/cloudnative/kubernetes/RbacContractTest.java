package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ServiceAccount, Role and RoleBinding behaviour every {@link Cluster} implementation must
 * show: apply (create, then update), read back as the spec that was applied with its namespace
 * resolved, delete, absent objects, and bad input refused before any call. These kinds have no
 * readiness rule: they are ready once they exist.
 */
public abstract class RbacContractTest {

  protected static final String NS = "access";

  protected Cluster cluster;

  /** A fresh cluster whose default namespace is {@link #NS}. */
  protected abstract Cluster newCluster();

  @BeforeEach
  void setUpCluster() {
    cluster = newCluster();
    cluster.ensureNamespace(NS);
  }

  @AfterEach
  void tearDownCluster() {
    cluster.close();
  }

  @Test
  void aServiceAccountIsCreatedUpdatedReadAndDeleted() {
    ServiceAccountSpec sa =
        ServiceAccountSpec.named("deployer")
            .withLabel("app", "shop")
            .withAnnotation("iam.example.com/role", "arn:example:role/deployer")
            .withImagePullSecret("registry")
            .automountToken(false)
            .build();
    ServiceAccountSpec stored = cluster.apply(sa);
    assertThat(stored).isEqualTo(sa.inNamespace(NS));
    assertThat(cluster.serviceAccount(NS, "deployer")).contains(stored);

    // annotations stay (a fallback update keeps other writers' annotations); the rest is replaced
    ServiceAccountSpec changed =
        ServiceAccountSpec.named("deployer")
            .inNamespace(NS)
            .withAnnotation("iam.example.com/role", "arn:example:role/deployer")
            .build();
    assertThat(cluster.apply(changed)).isEqualTo(changed);
    ServiceAccountSpec read = cluster.serviceAccount(null, "deployer").orElseThrow();
    assertThat(read).isEqualTo(changed);
    assertThat(read.labels()).isEmpty();
    assertThat(read.imagePullSecrets()).isEmpty();
    assertThat(read.automountToken()).isEmpty();

    cluster.delete(ResourceKind.SERVICE_ACCOUNT, NS, "deployer", Propagation.BACKGROUND);
    assertThat(cluster.serviceAccount(NS, "deployer")).isEmpty();
    assertThatThrownBy(
            () ->
                cluster.delete(
                    ResourceKind.SERVICE_ACCOUNT, NS, "deployer", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
  }

  @Test
  void aRoleKeepsItsRulesInOrder() {
    RoleSpec role =
        RoleSpec.named("pod-reader")
            .inNamespace(NS)
            .allowing(PolicyRule.allowing("get", "list", "watch").on("pods", "pods/log").build())
            .allowing(
                PolicyRule.allowing("patch")
                    .on("deployments/scale")
                    .inApiGroups("apps")
                    .named("web")
                    .build())
            .build();
    assertThat(cluster.apply(role)).isEqualTo(role);
    RoleSpec read = cluster.role(NS, "pod-reader").orElseThrow();
    assertThat(read).isEqualTo(role);
    assertThat(read.rules().get(0).apiGroups()).containsExactly("");
    assertThat(read.rules().get(1).resourceNames()).containsExactly("web");

    RoleSpec fewer =
        RoleSpec.named("pod-reader")
            .inNamespace(NS)
            .allowing(PolicyRule.allowing("get").on("pods").build())
            .build();
    cluster.apply(fewer);
    assertThat(cluster.role(NS, "pod-reader")).contains(fewer);

    cluster.delete(ResourceKind.ROLE, NS, "pod-reader", Propagation.BACKGROUND);
    assertThat(cluster.role(NS, "pod-reader")).isEmpty();
  }

  @Test
  void aRoleBindingGrantsARoleToSubjects() {
    RoleBindingSpec binding =
        RoleBindingSpec.named("deployer-reads-pods")
            .grantingRole("pod-reader")
            .to(
                Subject.serviceAccount("deployer"),
                Subject.serviceAccount("ci", "builder"),
                Subject.user("jane@example.com"),
                Subject.group("system:authenticated"))
            .build();
    RoleBindingSpec stored = cluster.apply(binding);
    assertThat(stored).isEqualTo(binding.inNamespace(NS));
    assertThat(cluster.roleBinding(NS, "deployer-reads-pods")).contains(stored);
    assertThat(stored.subjects().get(0).namespace()).isEmpty();
    assertThat(stored.subjects().get(1).namespace()).contains("ci");

    RoleBindingSpec moreSubjects =
        RoleBindingSpec.named("deployer-reads-pods")
            .inNamespace(NS)
            .grantingRole("pod-reader")
            .to(Subject.serviceAccount("deployer"))
            .build();
    cluster.apply(moreSubjects);
    assertThat(cluster.roleBinding(NS, "deployer-reads-pods").orElseThrow().subjects())
        .containsExactly(Subject.serviceAccount("deployer"));

    RoleBindingSpec clusterRole =
        RoleBindingSpec.named("viewers")
            .inNamespace(NS)
            .grantingClusterRole("view")
            .to(Subject.group("devs"))
            .build();
    cluster.apply(clusterRole);
    assertThat(cluster.roleBinding(NS, "viewers").orElseThrow().roleRef())
        .isEqualTo(RoleRef.clusterRole("view"));

    cluster.delete(ResourceKind.ROLE_BINDING, NS, "viewers", Propagation.BACKGROUND);
    assertThat(cluster.roleBinding(NS, "viewers")).isEmpty();
    assertThat(cluster.roleBinding(NS, "deployer-reads-pods")).isPresent();
  }

  @Test
  void clusterRolesAndTheirBindingsAreClusterWide() {
    ClusterRoleSpec nodes =
        ClusterRoleSpec.named("node-reader")
            .withLabel("team", "ops")
            .allowing(PolicyRule.allowing("get", "list").on("nodes").build())
            .build();
    assertThat(cluster.apply(nodes)).isEqualTo(nodes);
    assertThat(cluster.clusterRole("node-reader")).contains(nodes);
    ClusterRoleBindingSpec binding =
        ClusterRoleBindingSpec.named("ci-reads-nodes")
            .grantingClusterRole("node-reader")
            .to(Subject.serviceAccount(NS, "builder"), Subject.group("ops"))
            .build();
    assertThat(cluster.apply(binding)).isEqualTo(binding);
    assertThat(cluster.clusterRoleBinding("ci-reads-nodes")).contains(binding);
    assertThat(binding.roleRef()).isEqualTo(RoleRef.clusterRole("node-reader"));

    ClusterRoleSpec more =
        ClusterRoleSpec.named("node-reader")
            .allowing(PolicyRule.allowing("get", "list", "watch").on("nodes").build())
            .build();
    cluster.apply(more);
    assertThat(cluster.clusterRole("node-reader")).contains(more);

    cluster.delete(
        ResourceKind.CLUSTER_ROLE_BINDING, null, "ci-reads-nodes", Propagation.BACKGROUND);
    cluster.delete(ResourceKind.CLUSTER_ROLE, null, "node-reader", Propagation.BACKGROUND);
    assertThat(cluster.clusterRoleBinding("ci-reads-nodes")).isEmpty();
    assertThat(cluster.clusterRole("node-reader")).isEmpty();
    assertThatThrownBy(
            () ->
                cluster.delete(
                    ResourceKind.CLUSTER_ROLE, null, "node-reader", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
    assertThatThrownBy(
            () ->
                ClusterRoleBindingSpec.named("b")
                    .grantingClusterRole("view")
                    .to(Subject.serviceAccount("builder"))
                    .build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("needs a namespace in a ClusterRoleBinding");
    assertThatThrownBy(() -> ClusterRoleBindingSpec.named("b").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("no role named");
    assertThatThrownBy(() -> cluster.apply((ClusterRoleSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
  }

  @Test
  void absentObjectsAreEmptyAndNamesWithColonsAreAllowedForRoles() {
    assertThat(cluster.serviceAccount(NS, "ghost")).isEmpty();
    assertThat(cluster.role(NS, "ghost")).isEmpty();
    assertThat(cluster.roleBinding(NS, "ghost")).isEmpty();
    assertThatThrownBy(() -> cluster.delete(ResourceKind.ROLE, NS, "ghost", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
    RoleSpec system = RoleSpec.named("system:leader-locking").inNamespace(NS).build();
    cluster.apply(system);
    assertThat(cluster.role(NS, "system:leader-locking")).contains(system);
    assertThat(system.rules()).isEmpty();
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    assertThatThrownBy(() -> cluster.apply((ServiceAccountSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
    assertThatThrownBy(() -> cluster.apply((RoleSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
    assertThatThrownBy(() -> cluster.apply((RoleBindingSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
    assertThatThrownBy(() -> ServiceAccountSpec.named("Deployer").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("DNS-1123 subdomain");
    assertThatThrownBy(() -> RoleSpec.named("a/b").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("without '/' or '%'");
    assertThatThrownBy(() -> PolicyRule.allowing().on("pods").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("verbs: must name at least one entry");
    assertThatThrownBy(() -> PolicyRule.allowing("get").on().build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("resources: must name at least one entry");
    assertThatThrownBy(() -> PolicyRule.allowing("GET").on("pods").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("'GET' is not valid");
    assertThatThrownBy(() -> PolicyRule.allowing("get").on("Pods").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("'Pods' is not valid");
    assertThatThrownBy(() -> PolicyRule.allowing("get").on("pods").inApiGroups("Apps").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("apiGroups");
    assertThatThrownBy(() -> RoleBindingSpec.named("b").to(Subject.user("jane")).build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("no role named");
    assertThatThrownBy(() -> new Subject("Robot", "r2", Optional.empty()))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("'Robot' is not ServiceAccount, User or Group");
    assertThatThrownBy(() -> new Subject("User", "jane", Optional.of("ns")))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("a User has no namespace");
    assertThatThrownBy(() -> new RoleRef("Deployment", "web"))
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("not Role or ClusterRole");
    assertThatThrownBy(() -> ServiceAccountSpec.named("a").withAnnotation("not a key", "v").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("metadata.annotations");
    assertThat(new PolicyRule(List.of("*"), List.of("*"), List.of("*"), List.of()).verbs())
        .containsExactly("*");
    assertThat(ServiceAccountSpec.named("a").withLabel("k", "v").build().labels())
        .isEqualTo(Map.of("k", "v"));
  }
}
