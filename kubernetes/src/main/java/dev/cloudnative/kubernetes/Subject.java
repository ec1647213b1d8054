package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a {@link RoleBindingSpec} grants its role to: a ServiceAccount, a user or a group.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param kind {@code ServiceAccount}, {@code User} or {@code Group}
 * @param name the account's, user's or group's name
 * @param namespace a ServiceAccount's namespace; empty means the binding's own (the RBAC
 *     authorizer's reading); always empty for users and groups
 */
public record Subject(String kind, String name, Optional<String> namespace) {

  public Subject {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    switch (kind) {
      case "ServiceAccount" -> {
        Validation.subdomain("ServiceAccount", namespace.orElse(""), "subjects.name", name);
        namespace.ifPresent(Validation::namespace);
      }
      case "User", "Group" -> {
        Validation.notBlank("RoleBinding", "", "", "subjects.name", name);
        if (namespace.isPresent()) {
          throw KubernetesInvalidException.rejected(
              "RoleBinding",
              "",
              "",
              "subjects.namespace",
              "a " + kind + " has no namespace, found '" + namespace.get() + "'");
        }
      }
      default ->
          throw KubernetesInvalidException.rejected(
              "RoleBinding",
              "",
              "",
              "subjects.kind",
              "'" + kind + "' is not ServiceAccount, User or Group");
    }
  }

  /** The ServiceAccount {@code name} of the binding's namespace. */
  public static Subject serviceAccount(String name) {
    return new Subject("ServiceAccount", name, Optional.empty());
  }

  /** The ServiceAccount {@code namespace/name}. */
  public static Subject serviceAccount(String namespace, String name) {
    return new Subject(
        "ServiceAccount", name, Optional.of(Objects.requireNonNull(namespace, "namespace")));
  }

  /** A user as the authenticator names it (a certificate's CN, an OIDC claim). */
  public static Subject user(String name) {
    return new Subject("User", name, Optional.empty());
  }

  /** A group, such as {@code system:authenticated}. */
  public static Subject group(String name) {
    return new Subject("Group", name, Optional.empty());
  }
}
