package dev.cloudnative.security;

import com.nimbusds.jose.JWSAlgorithm;
import java.util.Optional;

/**
 * The JWS algorithms the module signs and verifies with. Each key is bound to exactly one of them;
 * a token whose {@code alg} header differs from its key's algorithm is rejected, which rules out
 * algorithm confusion (RS256 public key used as an HS256 secret) and {@code none}.
 *
 * <p>Thread-safety: immutable.
 */
public enum SigningAlgorithm {
  /** ECDSA P-256 with SHA-256: the default (small keys and signatures, fast signing). */
  ES256(JWSAlgorithm.ES256),
  /**
   * EdDSA over Ed25519 (RFC 8037, JWS alg {@code EdDSA}, JWK {@code kty=OKP}, {@code crv=Ed25519}):
   * the smallest keys and signatures, deterministic, and fast to verify; signed and verified with
   * the JDK's own Ed25519.
   */
  EDDSA(JWSAlgorithm.EdDSA),
  /** RSASSA-PSS with SHA-256, RSA ≥ 2048 bits. */
  PS256(JWSAlgorithm.PS256),
  /** RSASSA-PKCS1-v1_5 with SHA-256, RSA ≥ 2048 bits (for verifiers that lack PSS). */
  RS256(JWSAlgorithm.RS256),
  /**
   * HMAC SHA-256 with a random secret of at least 256 bits; only when issuer and verifiers share a
   * secret.
   */
  HS256(JWSAlgorithm.HS256);

  private final JWSAlgorithm jws;

  SigningAlgorithm(JWSAlgorithm jws) {
    this.jws = jws;
  }

  /** The nimbus algorithm constant. */
  public JWSAlgorithm jws() {
    return jws;
  }

  /**
   * The constant whose JWS name ({@code alg} of a header or JWK) is {@code name}, exactly as
   * spelled there ({@code "EdDSA"}, {@code "ES256"}); empty for any other name.
   */
  public static Optional<SigningAlgorithm> fromJwsName(String name) {
    for (SigningAlgorithm a : values()) {
      if (a.jws.getName().equals(name)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** True for the asymmetric algorithms, whose public keys may be published in a JWKS. */
  public boolean asymmetric() {
    return this != HS256;
  }
}
