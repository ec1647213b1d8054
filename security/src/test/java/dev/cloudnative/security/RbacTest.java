package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RbacTest {

  private final Rbac rbac =
      Rbac.custom()
          .grant("viewer", "orders:read", "catalog:read")
          .grant("editor", "orders:write")
          .inherit("editor", "viewer")
          .grant("auditor", "audit:read")
          .inherit("auditor", "viewer")
          .grant("admin", "users:manage")
          .inherit("admin", "editor", "auditor")
          .role("guest")
          .build();

  @Test
  void permissionsAreInheritedTransitively() {
    assertThat(rbac.permissionsOf("viewer"))
        .containsExactlyInAnyOrder("orders:read", "catalog:read");
    assertThat(rbac.permissionsOf("editor"))
        .containsExactlyInAnyOrder("orders:read", "catalog:read", "orders:write");
    assertThat(rbac.permissionsOf("admin"))
        .containsExactlyInAnyOrder(
            "orders:read", "catalog:read", "orders:write", "audit:read", "users:manage");
    assertThat(rbac.permissionsOf("guest")).isEmpty();
    assertThat(rbac.permissionsOf("nonexistent")).isEmpty();
  }

  @Test
  void permitsChecksAnyRoleAndNothingMore() {
    assertThat(rbac.permits(Set.of("admin"), "orders:read")).isTrue();
    assertThat(rbac.permits(Set.of("editor"), "audit:read")).isFalse();
    assertThat(rbac.permits(Set.of("editor", "auditor"), "audit:read")).isTrue();
    assertThat(rbac.permits(Set.of("viewer"), "orders:write")).isFalse();
    assertThat(rbac.permits(Set.of(), "orders:read")).isFalse();
    assertThat(rbac.permissionsOf(List.of("editor", "auditor")))
        .containsExactlyInAnyOrder("orders:read", "catalog:read", "orders:write", "audit:read");
  }

  @Test
  void cyclesAndUndeclaredParentsAreRejected() {
    assertThatThrownBy(
            () -> Rbac.custom().inherit("a", "b").inherit("b", "c").inherit("c", "a").build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("cycle");
    assertThatThrownBy(() -> Rbac.custom().inherit("a", "a").build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("cycle");
    assertThatThrownBy(() -> Rbac.custom().grant("a", "x").inherit("a", "ghost").role("b").build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("undeclared role 'ghost'");
  }

  @Test
  void namesAreValidated() {
    assertThatThrownBy(() -> Rbac.custom().grant("admin", "orders read"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("'orders read'");
    assertThatThrownBy(() -> Rbac.custom().role(""))
        .isInstanceOf(InvalidConfigurationException.class);
  }
}
