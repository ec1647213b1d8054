package dev.cloudnative.security.dpop;

import dev.cloudnative.security.RejectionReason;
import dev.cloudnative.security.TokenClaims;
import java.util.Objects;
import java.util.Optional;

/**
 * Outcome of verifying a DPoP request: {@link Valid} with the proof (and the access token's claims
 * when one was presented), or {@link Rejected} with a {@link DpopRejection}. No exception escapes a
 * verifier for a bad proof or token.
 *
 * <p>Thread-safety: immutable.
 */
public sealed interface DpopResult {

  /**
   * The proof verified, and so did the access token and its binding if one was presented.
   *
   * @param proof the verified proof
   * @param claims the access token's claims; empty at a token endpoint (no access token)
   */
  record Valid(DpopProof proof, Optional<TokenClaims> claims) implements DpopResult {
    public Valid {
      Objects.requireNonNull(proof, "proof");
      Objects.requireNonNull(claims, "claims");
    }
  }

  /**
   * The request was refused.
   *
   * @param reason why
   * @param detail for logs; it never echoes the proof or the token
   * @param tokenReason the access token's own reason when {@code reason} is {@link
   *     DpopRejection#INVALID_TOKEN}
   * @param nonce a fresh nonce to send in {@code DPoP-Nonce} when {@code reason} is {@link
   *     DpopRejection#USE_NONCE}
   */
  record Rejected(
      DpopRejection reason,
      String detail,
      Optional<RejectionReason> tokenReason,
      Optional<String> nonce)
      implements DpopResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
      Objects.requireNonNull(tokenReason, "tokenReason");
      Objects.requireNonNull(nonce, "nonce");
    }

    /**
     * The {@code WWW-Authenticate} value for the 401 answer, e.g. {@code DPoP
     * error="invalid_dpop_proof"}; the detail stays in the logs.
     */
    public String wwwAuthenticate() {
      return "DPoP error=\"" + reason.errorCode() + "\"";
    }
  }

  default boolean isValid() {
    return this instanceof Valid;
  }
}
