package dev.cloudnative.security;

import java.util.Set;

/**
 * Signs access tokens with the active key of a {@link KeyRing}: {@code iss, sub, aud, exp, nbf,
 * iat, jti}, {@code typ=at+jwt}, {@code kid}, and the subject's roles and permissions.
 *
 * <p>Thread-safety: implementations are safe for concurrent use.
 */
public interface TokenIssuer {

  /** Issues an access token for {@code subject} with the configured lifetime. */
  AccessToken issue(String subject, Set<String> roles, Set<String> permissions);

  /**
   * Issues an access token bound to a client's key (RFC 9449 DPoP): it carries {@code cnf: {"jkt":
   * jwkThumbprint}} and its {@link AccessToken#tokenType()} is {@code DPoP}. The thumbprint is the
   * one of a proof the token endpoint verified ({@code DpopProof.jwkThumbprint()}).
   *
   * @param jwkThumbprint the RFC 7638 SHA-256 thumbprint of the client's public key, base64url (43
   *     characters)
   * @throws IllegalArgumentException if {@code jwkThumbprint} is not 43 base64url characters
   */
  AccessToken issue(
      String subject, Set<String> roles, Set<String> permissions, String jwkThumbprint);
}
