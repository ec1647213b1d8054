package dev.cloudnative.security;

class InMemoryUserStoreTest extends UserStoreContractTest {
  @Override
  protected UserStore newStore() {
    return UserStore.inMemory();
  }
}
