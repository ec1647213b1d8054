package dev.cloudnative.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What the service remembers about one issued refresh token. The token itself is never stored, only
 * its SHA-256, so a leaked store yields no usable tokens.
 *
 * @param tokenHash hex SHA-256 of the refresh token
 * @param familyId the session the token belongs to (shared by all its rotations)
 * @param subject whom it was issued to
 * @param roles roles carried into refreshed access tokens
 * @param permissions permissions carried into refreshed access tokens
 * @param issuedAt when it was issued
 * @param expiresAt when it stops being accepted
 * @param sessionExpiresAt absolute end of the family
 * @param accessJwtId {@code jti} of the access token issued with it (revoked with the family)
 * @param accessExpiresAt expiry of that access token
 *     <p>Thread-safety: immutable.
 */
public record RefreshTokenRecord(
    String tokenHash,
    String familyId,
    String subject,
    Set<String> roles,
    Set<String> permissions,
    Instant issuedAt,
    Instant expiresAt,
    Instant sessionExpiresAt,
    String accessJwtId,
    Instant accessExpiresAt) {

  public RefreshTokenRecord {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(familyId, "familyId");
    Objects.requireNonNull(subject, "subject");
    roles = Set.copyOf(roles);
    permissions = Set.copyOf(permissions);
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(sessionExpiresAt, "sessionExpiresAt");
    Objects.requireNonNull(accessJwtId, "accessJwtId");
    Objects.requireNonNull(accessExpiresAt, "accessExpiresAt");
  }
}
