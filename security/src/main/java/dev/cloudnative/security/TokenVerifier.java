package dev.cloudnative.security;

import dev.cloudnative.security.jwt.JwtTokenVerifier;

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

  VerificationResult verify(String token);

  /** A verifier over a key ring, with revocation checked in {@code revocations}. */
  static TokenVerifier create(TokenConfig config, KeyRing keys, RevocationStore revocations) {
    return new JwtTokenVerifier(config, keys, revocations);
  }
}
