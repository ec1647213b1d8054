package dev.cloudnative.security.dpop;

import com.nimbusds.jose.jwk.JWK;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A DPoP proof that verified.
 *
 * @param jwkThumbprint the RFC 7638 SHA-256 thumbprint of the proof's key: what an issuer binds a
 *     token to ({@code cnf.jkt})
 * @param publicKey the {@code jwk} header (public only)
 * @param jwtId {@code jti}
 * @param issuedAt {@code iat}
 * @param method {@code htm}
 * @param uri {@code htu} as sent
 * @param nonce {@code nonce}, if the proof carried one
 *     <p>Thread-safety: immutable.
 */
public record DpopProof(
    String jwkThumbprint,
    JWK publicKey,
    String jwtId,
    Instant issuedAt,
    String method,
    String uri,
    Optional<String> nonce) {

  public DpopProof {
    Objects.requireNonNull(jwkThumbprint, "jwkThumbprint");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(jwtId, "jwtId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(nonce, "nonce");
  }
}
