package dev.cloudnative.security;

import dev.cloudnative.security.rbac.RbacAuthorizer;

/**
 * Permission checks on access tokens. A token's roles are resolved through the current {@link Rbac}
 * (so a policy change applies to tokens already issued); the token must first pass its {@link
 * TokenVerifier}.
 *
 * <p>Thread-safety: implementations are safe for concurrent use.
 */
public interface Authorizer {

  /** True if the verified claims' roles grant {@code permission}. */
  boolean isPermitted(TokenClaims claims, String permission);

  /**
   * Requires the permission of verified claims.
   *
   * @throws AccessDeniedException if it is not granted
   */
  default void require(TokenClaims claims, String permission) {
    if (!isPermitted(claims, permission)) {
      throw new AccessDeniedException(claims.subjectOrNone(), permission);
    }
  }

  /**
   * Verifies the token and checks the permission; false for an invalid token or a missing
   * permission.
   */
  boolean authorize(String token, String permission);

  /**
   * Verifies the token and requires the permission.
   *
   * @return the verified claims
   * @throws InvalidTokenException if the token is rejected
   * @throws AccessDeniedException if the permission is not granted
   */
  TokenClaims require(String token, String permission);

  static Authorizer create(TokenVerifier verifier, Rbac rbac) {
    return new RbacAuthorizer(verifier, rbac);
  }
}
