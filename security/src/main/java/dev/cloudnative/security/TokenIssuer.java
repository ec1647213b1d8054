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
}
