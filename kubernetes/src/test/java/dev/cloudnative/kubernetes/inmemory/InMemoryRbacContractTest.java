package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.RbacContractTest;
import dev.cloudnative.kubernetes.RoleBindingSpec;
import dev.cloudnative.kubernetes.RoleRef;
import dev.cloudnative.kubernetes.RoleSpec;
import dev.cloudnative.kubernetes.ServiceAccountSpec;
import dev.cloudnative.kubernetes.Subject;
import org.junit.jupiter.api.Test;

/** The RBAC contract on the simulation, which stores the objects and enforces none of them. */
class InMemoryRbacContractTest extends RbacContractTest {

  @Override
  protected Cluster newCluster() {
    return InMemoryCluster.builder().defaultNamespace(NS).build();
  }

  @Test
  void aBindingsRoleCannotChangeAsOnAnApiServer() {
    cluster.apply(RoleBindingSpec.named("b").grantingRole("reader").to(Subject.user("a")).build());
    assertThatThrownBy(
            () -> cluster.apply(RoleBindingSpec.named("b").grantingClusterRole("edit").build()))
        .isInstanceOfSatisfying(
            KubernetesInvalidException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(422);
              assertThat(e.getMessage()).contains("cannot change roleRef");
              assertThat(e.causes()).extracting(c -> c.field()).containsExactly("roleRef");
            });
    assertThat(cluster.roleBinding(NS, "b").orElseThrow().roleRef())
        .isEqualTo(RoleRef.role("reader"));
  }

  @Test
  void applyingIntoAMissingNamespaceFails() {
    assertThatThrownBy(
            () -> cluster.apply(ServiceAccountSpec.named("a").inNamespace("nowhere").build()))
        .isInstanceOf(dev.cloudnative.kubernetes.KubernetesNotFoundException.class);
  }

  @Test
  void deletingTheNamespaceRemovesTheObjects() {
    cluster.ensureNamespace("gone");
    cluster.apply(ServiceAccountSpec.named("a").inNamespace("gone").build());
    cluster.apply(RoleSpec.named("r").inNamespace("gone").build());
    cluster.apply(RoleBindingSpec.named("b").inNamespace("gone").grantingRole("r").build());
    cluster.deleteNamespace("gone");
    cluster.ensureNamespace("gone");
    assertThat(cluster.serviceAccount("gone", "a")).isEmpty();
    assertThat(cluster.role("gone", "r")).isEmpty();
    assertThat(cluster.roleBinding("gone", "b")).isEmpty();
  }
}
