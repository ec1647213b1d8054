package dev.cloudnative.security.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cloudnative.security.InvalidConfigurationException;
import dev.cloudnative.security.SecurityModuleException;
import dev.cloudnative.security.SigningKey;
import dev.cloudnative.security.internal.DpopHashes;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;

/**
 * The client side of DPoP: makes proof JWTs (RFC 9449 §4.2) signed with one key pair, to send in
 * the {@code DPoP} header of each request.
 *
 * <pre>{@code
 * DpopProofs proofs = DpopProofs.forKey(SigningKey.generate(SigningAlgorithm.ES256));
 * String jkt = proofs.thumbprint();                       // what the issuer binds the token to
 * String proof = proofs.proof("GET", uri, Optional.of(accessToken), Optional.empty());
 * }</pre>
 *
 * <p>Thread-safety: immutable; safe for concurrent use.
 */
public final class DpopProofs {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");

  private final SigningKey key;
  private final JWK publicJwk;
  private final String thumbprint;
  private final Clock clock;

  private DpopProofs(SigningKey key, Clock clock) {
    this.key = key;
    this.publicJwk = key.toJwk().toPublicJWK();
    this.thumbprint = JwkThumbprint.sha256(publicJwk);
    this.clock = clock;
  }

  /** Proofs signed with {@code signingKey}, which must be asymmetric and hold its private half. */
  public static DpopProofs forKey(SigningKey signingKey) {
    return forKey(signingKey, Clock.systemUTC());
  }

  /** As {@link #forKey(SigningKey)}, with {@code iat} read from {@code clock}. */
  public static DpopProofs forKey(SigningKey signingKey, Clock clock) {
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(clock, "clock");
    if (!signingKey.algorithm().asymmetric() || !signingKey.canSign()) {
      throw new InvalidConfigurationException(
          "DPoP key "
              + signingKey
              + " cannot make proofs; an asymmetric key with its private half is required");
    }
    return new DpopProofs(signingKey, clock);
  }

  /** The RFC 7638 SHA-256 thumbprint of the public key: the token's {@code cnf.jkt}. */
  public String thumbprint() {
    return thumbprint;
  }

  /** The public key sent in each proof's {@code jwk} header. */
  public JWK publicKey() {
    return publicJwk;
  }

  /** A proof for a token request (no access token, no nonce). */
  public String proof(String method, URI uri) {
    return proof(method, uri, Optional.empty(), Optional.empty());
  }

  /** A proof for a resource request with {@code accessToken}. */
  public String proof(String method, URI uri, String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    return proof(method, uri, Optional.of(accessToken), Optional.empty());
  }

  /**
   * A proof for {@code method} on {@code uri} (query and fragment are left out of {@code htu}),
   * with {@code ath} when an access token is given and the server's {@code nonce} when one is.
   */
  public String proof(
      String method, URI uri, Optional<String> accessToken, Optional<String> nonce) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(nonce, "nonce");
    if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException(
          "uri '" + uri + "' is not absolute; a DPoP proof needs the full request URI");
    }
    byte[] jti = new byte[16];
    RANDOM.nextBytes(jti);
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .jwtID(Base64URL.encode(jti).toString())
            .claim("htm", method)
            .claim("htu", withoutQuery(uri))
            .issueTime(Date.from(Instant.ofEpochSecond(clock.instant().getEpochSecond())));
    accessToken.ifPresent(t -> claims.claim("ath", DpopHashes.accessTokenHash(t)));
    nonce.ifPresent(n -> claims.claim("nonce", n));
    JWSHeader header =
        new JWSHeader.Builder(key.algorithm().jws()).type(DPOP_JWT).jwk(publicJwk).build();
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new SecurityModuleException("Signing a DPoP proof failed: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  private static String withoutQuery(URI uri) {
    // Concatenated from the raw parts: URI's multi-argument constructors would quote '%' again.
    String path = uri.getRawPath();
    return uri.getScheme() + "://" + uri.getRawAuthority() + (path == null ? "" : path);
  }
}
