package dev.cloudnative.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A stored account: canonical username, encoded password hash (PHC string, never the password),
 * roles and state. Changes produce new instances ({@code with...}); stores replace them atomically.
 *
 * @param username canonical form per {@link UsernamePolicy}
 * @param passwordHash encoded hash from a {@link PasswordHasher}
 * @param roles role names, resolved to permissions by {@link Rbac}
 * @param enabled disabled accounts cannot log in or refresh tokens
 * @param createdAt registration time
 * @param passwordChangedAt last time the password (not merely its hash encoding) changed
 *     <p>Thread-safety: immutable.
 */
public record UserAccount(
    String username,
    String passwordHash,
    Set<String> roles,
    boolean enabled,
    Instant createdAt,
    Instant passwordChangedAt) {

  public UserAccount {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(passwordHash, "passwordHash");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(passwordChangedAt, "passwordChangedAt");
  }

  /** Same account with a re-encoded hash of the same password (a rehash on login). */
  public UserAccount withPasswordHash(String newHash) {
    return new UserAccount(username, newHash, roles, enabled, createdAt, passwordChangedAt);
  }

  /** Same account with a new password's hash. */
  public UserAccount withNewPassword(String newHash, Instant changedAt) {
    return new UserAccount(username, newHash, roles, enabled, createdAt, changedAt);
  }

  public UserAccount withRoles(Set<String> newRoles) {
    return new UserAccount(username, passwordHash, newRoles, enabled, createdAt, passwordChangedAt);
  }

  public UserAccount withEnabled(boolean nowEnabled) {
    return new UserAccount(username, passwordHash, roles, nowEnabled, createdAt, passwordChangedAt);
  }

  /** Never prints the hash. */
  @Override
  public String toString() {
    return "UserAccount[username=" + username + ", roles=" + roles + ", enabled=" + enabled + "]";
  }
}
