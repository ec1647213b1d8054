package dev.cloudnative.security;

import dev.cloudnative.security.jwt.JwtTokenService;

class JwtTokenVerifierTest extends TokenVerifierContractTest {

  @Override
  /** A token service (issuer plus the verifier under test) over the given parts. */
  protected TokenService create(
      TokenConfig config,
      KeyRing keys,
      RevocationStore revocations,
      RefreshTokenStore refreshTokens) {
    return new JwtTokenService(config, keys, revocations, refreshTokens);
  }
}
