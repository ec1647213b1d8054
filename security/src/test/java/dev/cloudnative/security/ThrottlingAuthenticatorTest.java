package dev.cloudnative.security;

import dev.cloudnative.security.internal.ThrottlingAuthenticator;

class ThrottlingAuthenticatorTest extends AuthenticatorContractTest {

  @Override
  protected Authenticator create(
      UserStore store, PasswordHasher hasher, LoginThrottleConfig config, java.time.Clock clock) {
    return new ThrottlingAuthenticator(store, hasher, config, clock);
  }
}
