package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract of every {@link UserStore}. */
abstract class UserStoreContractTest {

  protected abstract UserStore newStore();

  private UserStore store;
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @BeforeEach
  void setUp() {
    store = newStore();
  }

  private UserAccount account(String name) {
    return new UserAccount(
        name, "$argon2id$v=19$m=256,t=1,p=1$c2FsdA$aGFzaA", Set.of("viewer"), true, t0, t0);
  }

  @Test
  void createFindDelete() {
    store.create(account("alice"));
    assertThat(store.find("alice")).contains(account("alice"));
    assertThat(store.find("bob")).isEmpty();
    assertThat(store.delete("alice")).isTrue();
    assertThat(store.delete("alice")).isFalse();
    assertThat(store.find("alice")).isEmpty();
  }

  @Test
  void duplicatesAreRejected() {
    store.create(account("alice"));
    assertThatThrownBy(() -> store.create(account("alice")))
        .isInstanceOf(DuplicateUserException.class)
        .hasMessageContaining("alice");
  }

  @Test
  void replaceIsCompareAndSet() {
    UserAccount a = account("alice");
    store.create(a);
    UserAccount disabled = a.withEnabled(false);
    assertThat(store.replace(a, disabled)).isTrue();
    assertThat(store.replace(a, a.withRoles(Set.of("admin")))).isFalse();
    assertThat(store.find("alice")).contains(disabled);
  }

  @Test
  void concurrentCreatesOfOneNameHaveOneWinner() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger created = new AtomicInteger();
    for (int i = 0; i < 16; i++) {
      pool.submit(
          () -> {
            try {
              store.create(account("race"));
              created.incrementAndGet();
            } catch (DuplicateUserException expected) {
              // the losers
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(created).hasValue(1);
  }

  @Test
  void accountsNeverPrintTheirHash() {
    assertThat(account("alice").toString()).doesNotContain("argon2id");
  }
}
