package dev.cloudnative.security;

import dev.cloudnative.security.jwt.JwtTokenService;

class JwtTokenServiceTest extends TokenServiceContractTest {

  @Override
  protected TokenService create(
      TokenConfig config,
      KeyRing keys,
      RevocationStore revocations,
      RefreshTokenStore refreshTokens) {
    return new JwtTokenService(config, keys, revocations, refreshTokens);
  }
}
