package dev.cloudnative.security;

import dev.cloudnative.security.jwt.JwtTokenService;
import java.util.Set;

/**
 * Issues, verifies, refreshes and revokes tokens of one issuer. A login yields a {@link TokenPair};
 * each {@link #refresh} consumes the refresh token and returns a new pair in the same family;
 * presenting a consumed refresh token again revokes the whole family and its live access tokens
 * (ASVS 5.0 10.4.5).
 *
 * <p>Thread-safety: implementations are safe for concurrent use.
 */
public interface TokenService extends TokenIssuer, TokenVerifier {

  /** Starts a new session (refresh-token family) for {@code subject}. */
  TokenPair login(String subject, Set<String> roles, Set<String> permissions);

  /**
   * Exchanges a refresh token for a new pair.
   *
   * @throws InvalidTokenException with {@link RejectionReason#REFRESH_TOKEN_REUSED} when the token
   *     was already used (the family is then revoked), or another reason
   */
  TokenPair refresh(String refreshToken);

  /**
   * Revokes one access token by its {@code jti} until it expires. The token's signature must
   * verify; an expired token needs no revocation and is accepted silently.
   *
   * @throws InvalidTokenException if the token is not one of this issuer's
   */
  void revoke(String accessToken);

  /**
   * Revokes the session of a refresh token (logout): its family and the family's live access
   * tokens.
   */
  void logout(String refreshToken);

  /**
   * Invalidates every token of {@code subject} issued until now (password change, account
   * disabled).
   */
  void revokeAll(String subject);

  /**
   * Makes {@code next} the signing key; the previous key keeps verifying until its tokens have
   * expired.
   */
  void rotateSigningKey(SigningKey next);

  /** The public keys as a JWKS document for resource servers. */
  String publicJwks();

  static TokenService create(
      TokenConfig config,
      KeyRing keys,
      RevocationStore revocations,
      RefreshTokenStore refreshTokens) {
    return new JwtTokenService(config, keys, revocations, refreshTokens);
  }

  /**
   * A service whose {@link #refresh} re-reads the subject's account from {@code users}: the new
   * access token carries the account's current roles (permissions from {@code rbac}), and a deleted
   * or disabled account is refused with {@link RejectionReason#ACCOUNT_DELETED} or {@link
   * RejectionReason#ACCOUNT_DISABLED}.
   */
  static TokenService create(
      TokenConfig config,
      KeyRing keys,
      RevocationStore revocations,
      RefreshTokenStore refreshTokens,
      UserStore users,
      Rbac rbac) {
    return new JwtTokenService(config, keys, revocations, refreshTokens, users, rbac);
  }
}
