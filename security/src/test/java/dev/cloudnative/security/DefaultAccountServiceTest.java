package dev.cloudnative.security;

import dev.cloudnative.security.internal.DefaultAccountService;

class DefaultAccountServiceTest extends AccountServiceContractTest {

  @Override
  protected AccountService create(
      UserStore store, PasswordHasher hasher, PasswordPolicy policy, java.time.Clock clock) {
    return new DefaultAccountService(store, hasher, policy, clock);
  }
}
