package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.security.inmemory.InMemoryRevocationStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryRevocationStoreTest extends RevocationStoreContractTest {

  @Override
  protected RevocationStore newStore() {
    return new InMemoryRevocationStore(clock);
  }

  @Test
  void entriesAreForgottenOnceTheirTokensHaveExpired() {
    InMemoryRevocationStore store = new InMemoryRevocationStore(clock);
    store.revoke("iss", "short", clock.instant().plusSeconds(60));
    store.revoke("iss", "long", clock.instant().plusSeconds(600));
    clock.advance(Duration.ofSeconds(120));
    store.purgeExpired();
    assertThat(store.isRevoked("iss", "short")).isFalse();
    assertThat(store.isRevoked("iss", "long")).isTrue();
    assertThat(store.revokedCount()).isEqualTo(1);
  }
}
