package dev.cloudnative.security;

import java.time.Instant;
import java.util.Objects;

/**
 * An access token and the refresh token that replaces it; the refresh token is opaque (256 random
 * bits, base64url) and single-use.
 *
 * @param accessToken the signed access token
 * @param refreshToken the opaque refresh token
 * @param refreshTokenExpiresAt when the refresh token stops being accepted
 *     <p>Thread-safety: immutable.
 */
public record TokenPair(
    AccessToken accessToken, String refreshToken, Instant refreshTokenExpiresAt) {

  public TokenPair {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(refreshTokenExpiresAt, "refreshTokenExpiresAt");
  }

  /** The access token's OAuth {@code token_type} ({@code DPoP} or {@code Bearer}). */
  public String tokenType() {
    return accessToken.tokenType();
  }

  /** Never prints the tokens. */
  @Override
  public String toString() {
    return "TokenPair[" + accessToken + ", refreshExpiresAt=" + refreshTokenExpiresAt + "]";
  }
}
