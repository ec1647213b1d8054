package dev.cloudnative.security;

import dev.cloudnative.security.jwt.JwtTokenVerifier;
import dev.cloudnative.security.jwt.RemoteJwksTokenVerifier;

/**
 * Verifies access tokens and returns a typed outcome; never throws for a bad token. Checks, in
 * order: size cap, structure and base64url, {@code alg} (never {@code none}), no embedded or remote
 * key references, no unknown {@code crit}, {@code kid} among the configured keys, the key's single
 * allowed algorithm, {@code typ}, the signature, required claims, issuer, audience, {@code
 * exp}/{@code nbf}/{@code iat} with clock skew, and revocation.
 *
 * <p>Thread-safety: implementations are safe for concurrent use.
 */
public interface TokenVerifier {

  /**
   * Verifies a token presented as a bearer token. A token bound to a key ({@code cnf}) is rejected
   * with {@link RejectionReason#SENDER_CONSTRAINED}: it is only good with a proof of possession.
   */
  VerificationResult verify(String token);

  /**
   * Verifies a token presented with a proof of possession ({@code Authorization: DPoP}): the same
   * checks as {@link #verify}, except that a key-bound token is accepted. The caller must then
   * match {@link TokenClaims#boundKeyThumbprint()} against the proof's key, which {@code
   * dev.cloudnative.security.dpop.DpopVerifier} does; never call this without checking a proof. An
   * implementation that does not know key binding rejects every token here.
   */
  default VerificationResult verifyBound(String token) {
    return new VerificationResult.Rejected(
        RejectionReason.SENDER_CONSTRAINED,
        getClass().getSimpleName() + " does not verify key-bound tokens");
  }

  /** A verifier over a key ring, with revocation checked in {@code revocations}. */
  static TokenVerifier create(TokenConfig config, KeyRing keys, RevocationStore revocations) {
    return new JwtTokenVerifier(config, keys, revocations);
  }

  /**
   * A verifier over an issuer's key set fetched from its JWKS URL: an unknown {@code kid} triggers
   * a rate-limited refresh; with no usable keys a token is rejected with {@link
   * RejectionReason#KEY_SET_UNAVAILABLE}. The caller keeps owning (and closes) {@code keys}.
   */
  static TokenVerifier create(TokenConfig config, RemoteJwks keys, RevocationStore revocations) {
    return new RemoteJwksTokenVerifier(config, keys, revocations);
  }
}
