package dev.cloudnative.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed access token (compact JWS) and the facts about it the issuer already knows.
 *
 * @param value the compact serialization to send as a bearer token
 * @param jwtId its {@code jti}
 * @param subject its {@code sub}
 * @param issuedAt its {@code iat}
 * @param expiresAt its {@code exp}
 * @param keyId the {@code kid} it was signed with
 * @param boundKeyThumbprint its {@code cnf.jkt} if it is bound to a client key (RFC 9449 DPoP)
 *     <p>Thread-safety: immutable.
 */
public record AccessToken(
    String value,
    String jwtId,
    String subject,
    Instant issuedAt,
    Instant expiresAt,
    String keyId,
    Optional<String> boundKeyThumbprint) {

  /** The OAuth {@code token_type} of a token bound to a key (RFC 9449 §5). */
  public static final String DPOP = "DPoP";

  /** The OAuth {@code token_type} of a bearer token (RFC 6750). */
  public static final String BEARER = "Bearer";

  public AccessToken {
    Objects.requireNonNull(boundKeyThumbprint, "boundKeyThumbprint");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(jwtId, "jwtId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(keyId, "keyId");
  }

  /** A bearer token (bound to no key). */
  public AccessToken(
      String value,
      String jwtId,
      String subject,
      Instant issuedAt,
      Instant expiresAt,
      String keyId) {
    this(value, jwtId, subject, issuedAt, expiresAt, keyId, Optional.empty());
  }

  /**
   * The OAuth {@code token_type}: {@value #DPOP} for a key-bound token, which must be sent as
   * {@code Authorization: DPoP <token>} with a proof, else {@value #BEARER}.
   */
  public String tokenType() {
    return boundKeyThumbprint.isPresent() ? DPOP : BEARER;
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
        + ", type="
        + tokenType()
        + "]";
  }
}
