package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.Objects;

/**
 * The role a {@link RoleBindingSpec} grants ({@code roleRef}): a {@code Role} of the binding's
 * namespace or a {@code ClusterRole}. The API server refuses to change it once the binding exists;
 * delete the binding and apply it again instead.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param kind {@code Role} or {@code ClusterRole}
 * @param name the role's name
 */
public record RoleRef(String kind, String name) {

  public RoleRef {
    Objects.requireNonNull(kind, "kind");
    if (!kind.equals("Role") && !kind.equals("ClusterRole")) {
      throw KubernetesInvalidException.rejected(
          "RoleBinding", "", "", "roleRef.kind", "'" + kind + "' is not Role or ClusterRole");
    }
    Validation.rbacName(kind, "", Objects.requireNonNull(name, "name"));
  }

  /** A Role of the binding's namespace. */
  public static RoleRef role(String name) {
    return new RoleRef("Role", name);
  }

  /** A ClusterRole, such as {@code view} or {@code edit}. */
  public static RoleRef clusterRole(String name) {
    return new RoleRef("ClusterRole", name);
  }
}
