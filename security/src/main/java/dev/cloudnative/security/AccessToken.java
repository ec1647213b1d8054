package dev.cloudnative.security;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed access token (compact JWS) and the facts about it the issuer already knows.
 *
 * @param value the compact serialization to send as a bearer token
 * @param jwtId its {@code jti}
 * @param subject its {@code sub}
 * @param issuedAt its {@code iat}
 * @param expiresAt its {@code exp}
 * @param keyId the {@code kid} it was signed with
 *     <p>Thread-safety: immutable.
 */
public record AccessToken(
    String value, String jwtId, String subject, Instant issuedAt, Instant expiresAt, String keyId) {

  public AccessToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(jwtId, "jwtId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(keyId, "keyId");
  }

  /** Never prints the token itself. */
  @Override
  public String toString() {
    return "AccessToken[jti="
        + jwtId
        + ", sub="
        + subject
        + ", exp="
        + expiresAt
        + ", kid="
        + keyId
        + "]";
  }
}
