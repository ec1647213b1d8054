package dev.cloudnative.security;

import java.util.Objects;

/**
 * Outcome of verifying an access token: {@link Valid} with the claims, or {@link Rejected} with a
 * {@link RejectionReason} and a detail for logs. No nimbus exception escapes a verifier.
 *
 * <p>Thread-safety: immutable.
 */
public sealed interface VerificationResult {

  /** The token verified. */
  record Valid(TokenClaims claims) implements VerificationResult {
    public Valid {
      Objects.requireNonNull(claims, "claims");
    }
  }

  /** The token was rejected; {@code detail} is for logs (it never echoes the token). */
  record Rejected(RejectionReason reason, String detail) implements VerificationResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  default boolean isValid() {
    return this instanceof Valid;
  }

  /**
   * The claims of a valid token.
   *
   * @throws InvalidTokenException with the reason if the token was rejected
   */
  default TokenClaims claimsOrThrow() {
    if (this instanceof Valid valid) {
      return valid.claims();
    }
    Rejected r = (Rejected) this;
    throw new InvalidTokenException(r.reason(), r.detail());
  }
}
