package dev.cloudnative.security;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Role-based access control: roles grant permissions and inherit other roles. The inheritance graph
 * is validated at {@link Builder#build()} (unknown parents and cycles are errors) and flattened
 * once, so a permission check is one hash lookup per role of the caller.
 *
 * <pre>{@code
 * Rbac rbac = Rbac.custom()
 *     .grant("viewer", "orders:read")
 *     .grant("editor", "orders:write").inherit("editor", "viewer")
 *     .grant("admin", "users:manage").inherit("admin", "editor")
 *     .build();
 * rbac.permits(Set.of("admin"), "orders:read");   // true, through editor → viewer
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class Rbac {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._*/-]{0,127}");

  private final Map<String, Set<String>> effective;

  private Rbac(Map<String, Set<String>> effective) {
    this.effective = effective;
  }

  public static Builder custom() {
    return new Builder();
  }

  /** The declared roles. */
  public Set<String> roles() {
    return effective.keySet();
  }

  /** Every permission of {@code role}, inherited ones included; empty for an unknown role. */
  public Set<String> permissionsOf(String role) {
    return effective.getOrDefault(role, Set.of());
  }

  /** The union of the permissions of {@code roles}. */
  public Set<String> permissionsOf(Collection<String> roles) {
    Set<String> all = new HashSet<>();
    for (String r : roles) {
      all.addAll(permissionsOf(r));
    }
    return Set.copyOf(all);
  }

  /** True if any of {@code roles} grants {@code permission}, directly or through inheritance. */
  public boolean permits(Collection<String> roles, String permission) {
    for (String r : roles) {
      Set<String> p = effective.get(r);
      if (p != null && p.contains(permission)) {
        return true;
      }
    }
    return false;
  }

  /** Builder for {@link Rbac}; not thread-safe. */
  public static final class Builder {
    private final Map<String, Set<String>> grants = new LinkedHashMap<>();
    private final Map<String, Set<String>> parents = new LinkedHashMap<>();

    private Builder() {}

    /** Declares a role (with no permissions yet). */
    public Builder role(String role) {
      grants.computeIfAbsent(checkName("role", role), k -> new LinkedHashSet<>());
      parents.computeIfAbsent(role, k -> new LinkedHashSet<>());
      return this;
    }

    /** Grants permissions to a role, declaring it if needed. */
    public Builder grant(String role, String... permissions) {
      role(role);
      for (String p : permissions) {
        grants.get(role).add(checkName("permission", p));
      }
      return this;
    }

    /** Makes {@code role} inherit every permission of {@code parentRoles}. */
    public Builder inherit(String role, String... parentRoles) {
      role(role);
      for (String p : parentRoles) {
        parents.get(role).add(checkName("role", p));
      }
      return this;
    }

    /**
     * Validates and flattens the hierarchy.
     *
     * @throws InvalidConfigurationException on an undeclared parent role or an inheritance cycle
     */
    public Rbac build() {
      for (var e : parents.entrySet()) {
        for (String p : e.getValue()) {
          if (!grants.containsKey(p)) {
            throw new InvalidConfigurationException(
                "Role '"
                    + e.getKey()
                    + "' inherits undeclared role '"
                    + p
                    + "'; declared roles: "
                    + grants.keySet());
          }
        }
      }
      Map<String, Set<String>> effective = new HashMap<>();
      for (String role : grants.keySet()) {
        effective.put(role, Set.copyOf(resolve(role)));
      }
      return new Rbac(Map.copyOf(effective));
    }

    private Set<String> resolve(String role) {
      Set<String> permissions = new HashSet<>();
      Deque<List<String>> stack = new ArrayDeque<>();
      stack.push(List.of(role));
      while (!stack.isEmpty()) {
        List<String> path = stack.pop();
        String current = path.get(path.size() - 1);
        permissions.addAll(grants.get(current));
        for (String parent : parents.get(current)) {
          if (path.contains(parent)) {
            throw new InvalidConfigurationException(
                "Role inheritance cycle: " + String.join(" -> ", path) + " -> " + parent);
          }
          List<String> next = new ArrayList<>(path);
          next.add(parent);
          stack.push(next);
        }
      }
      return permissions;
    }

    private static String checkName(String what, String name) {
      Objects.requireNonNull(name, what);
      if (!NAME.matcher(name).matches()) {
        throw new InvalidConfigurationException(
            what
                + " name '"
                + name
                + "' must be 1..128 characters of "
                + "A-Z a-z 0-9 : . _ * / - starting with a letter or digit");
      }
      return name;
    }
  }
}
