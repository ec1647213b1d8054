package dev.cloudnative.security.rbac;

import dev.cloudnative.security.Authorizer;
import dev.cloudnative.security.Rbac;
import dev.cloudnative.security.TokenClaims;
import dev.cloudnative.security.TokenVerifier;
import dev.cloudnative.security.VerificationResult;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Authorizer} that verifies with a {@link TokenVerifier} and resolves roles with an {@link
 * Rbac}. Denials are logged at debug with subject and permission (never the token).
 *
 * <p>Thread-safety: immutable; safe for concurrent use.
 */
public final class RbacAuthorizer implements Authorizer {

  private static final Logger LOG = LoggerFactory.getLogger(RbacAuthorizer.class);

  private final TokenVerifier verifier;
  private final Rbac rbac;

  public RbacAuthorizer(TokenVerifier verifier, Rbac rbac) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.rbac = Objects.requireNonNull(rbac, "rbac");
  }

  @Override
  public boolean isPermitted(TokenClaims claims, String permission) {
    boolean permitted = rbac.permits(claims.roles(), permission);
    if (!permitted) {
      LOG.debug(
          "Denied '{}' to subject '{}' with roles {}",
          permission,
          claims.subjectOrNone(),
          claims.roles());
    }
    return permitted;
  }

  @Override
  public boolean authorize(String token, String permission) {
    VerificationResult result = verifier.verify(token);
    return result instanceof VerificationResult.Valid valid
        && isPermitted(valid.claims(), permission);
  }

  @Override
  public TokenClaims require(String token, String permission) {
    TokenClaims claims = verifier.verify(token).claimsOrThrow();
    require(claims, permission);
    return claims;
  }
}
