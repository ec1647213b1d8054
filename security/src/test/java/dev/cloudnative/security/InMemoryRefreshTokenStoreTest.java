package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.security.inmemory.InMemoryRefreshTokenStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryRefreshTokenStoreTest extends RefreshTokenStoreContractTest {

  @Override
  protected RefreshTokenStore newStore() {
    return new InMemoryRefreshTokenStore(clock);
  }

  @Test
  void endedSessionsArePurged() {
    InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(clock);
    store.save(record("h1", "f1", "alice"));
    clock.advance(Duration.ofDays(2));
    store.purgeExpired();
    assertThat(store.size()).isZero();
    assertThat(store.find("h1")).isEmpty();
  }
}
