package dev.cloudnative.security.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import dev.cloudnative.security.SecurityModuleException;
import java.util.Objects;

/**
 * The RFC 7638 SHA-256 thumbprint of a JWK, base64url without padding: the value of {@code cnf.jkt}
 * in a DPoP-bound access token (RFC 9449 §6). Only the key's required members enter the hash, in
 * lexicographic order, so {@code kid}, {@code use} or {@code alg} do not change it and the public
 * and private halves of a key have the same thumbprint.
 *
 * <p>Thread-safety: stateless, therefore thread-safe.
 */
public final class JwkThumbprint {

  private JwkThumbprint() {}

  /** The SHA-256 thumbprint of {@code jwk} (43 base64url characters). */
  public static String sha256(JWK jwk) {
    Objects.requireNonNull(jwk, "jwk");
    try {
      return jwk.computeThumbprint("SHA-256").toString();
    } catch (JOSEException e) {
      throw new SecurityModuleException("SHA-256 is unavailable in this JDK", e);
    }
  }
}
