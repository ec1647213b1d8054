package dev.cloudnative.security;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The verified claims of an access token. {@code iss} and {@code exp} are always present; the
 * others are present whenever they are required (the default requires {@code sub}, {@code aud},
 * {@code iat} and {@code jti}).
 *
 * @param issuer {@code iss}
 * @param subject {@code sub}
 * @param audience {@code aud}, possibly empty
 * @param jwtId {@code jti}
 * @param issuedAt {@code iat}
 * @param notBefore {@code nbf}
 * @param expiresAt {@code exp}
 * @param roles the {@code roles} claim, possibly empty
 * @param permissions the {@code permissions} claim, possibly empty
 * @param keyId the {@code kid} the token was verified with
 * @param sessionId the {@code sid} claim: the refresh-token family the token was issued under
 * @param boundKeyThumbprint {@code cnf.jkt}: the RFC 7638 SHA-256 thumbprint of the key the token
 *     is bound to (RFC 9449 DPoP); empty for a bearer token
 *     <p>Thread-safety: immutable.
 */
public record TokenClaims(
    String issuer,
    Optional<String> subject,
    List<String> audience,
    Optional<String> jwtId,
    Optional<Instant> issuedAt,
    Optional<Instant> notBefore,
    Instant expiresAt,
    Set<String> roles,
    Set<String> permissions,
    Optional<String> keyId,
    Optional<String> sessionId,
    Optional<String> boundKeyThumbprint) {

  public TokenClaims {
    Objects.requireNonNull(boundKeyThumbprint, "boundKeyThumbprint");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(expiresAt, "expiresAt");
    audience = List.copyOf(audience);
    roles = Set.copyOf(roles);
    permissions = Set.copyOf(permissions);
  }

  /** Claims of a bearer token (bound to no key). */
  public TokenClaims(
      String issuer,
      Optional<String> subject,
      List<String> audience,
      Optional<String> jwtId,
      Optional<Instant> issuedAt,
      Optional<Instant> notBefore,
      Instant expiresAt,
      Set<String> roles,
      Set<String> permissions,
      Optional<String> keyId,
      Optional<String> sessionId) {
    this(
        issuer,
        subject,
        audience,
        jwtId,
        issuedAt,
        notBefore,
        expiresAt,
        roles,
        permissions,
        keyId,
        sessionId,
        Optional.empty());
  }

  /** The subject, or {@code "<none>"} for messages. */
  public String subjectOrNone() {
    return subject.orElse("<none>");
  }
}
