package dev.cloudnative.security;

import dev.cloudnative.security.inmemory.InMemoryRefreshTokenStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

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
