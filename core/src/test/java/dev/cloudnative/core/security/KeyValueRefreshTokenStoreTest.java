package dev.cloudnative.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.security.RefreshTokenRecord;
import dev.cloudnative.security.RefreshTokenStore;
import dev.cloudnative.security.RefreshTokenStoreContractTest;
import dev.cloudnative.storage.KeyValueStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Security's refresh-token contract on the store kept in an in-memory replicated store. */
class KeyValueRefreshTokenStoreTest extends RefreshTokenStoreContractTest {

  private final KeyValueStore kv = Stores.inMemory();

  @AfterEach
  void closeStore() {
    kv.close();
  }

  @Override
  protected RefreshTokenStore newStore() {
    return KeyValueRefreshTokenStore.over(kv, clock, "t" + System.nanoTime() + "/");
  }

  @Test
  void recordsRoundTripExactlyThroughTheTextForm() {
    RefreshTokenStore store = newStore();
    Instant now = clock.instant().plusNanos(123_456_789);
    RefreshTokenRecord odd =
        new RefreshTokenRecord(
            "h-odd",
            "family with spaces, commas\nand newlines",
            "üser=1&x",
            Set.of("a,b", "", "r=1"),
            Set.of(),
            now,
            now.plusSeconds(60),
            now.plusSeconds(600),
            "jti%20",
            now.plusSeconds(30));
    store.save(odd);
    assertThat(store.find("h-odd")).contains(odd);
    assertThat(store.revokeFamily(odd.familyId())).containsExactly(odd);
  }

  @Test
  void ofManyThreadsMarkingOneTokenExactlyOneWins() throws Exception {
    RefreshTokenStore store = newStore();
    store.save(record("h1", "f1", "alice"));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Boolean> mark =
            () -> {
              start.await();
              return store.markUsed("h1");
            };
        results.add(pool.submit(mark));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> f : results) {
        if (f.get(60, TimeUnit.SECONDS)) {
          winners++;
        }
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void endedSessionsAreAbsentAndSwept() {
    KeyValueRefreshTokenStore store = KeyValueRefreshTokenStore.over(kv, clock);
    store.purgeExpired();
    store.save(record("h1", "f1", "alice"));
    assertThat(store.markUsed("h1")).isTrue();
    clock.advance(Duration.ofDays(2));
    assertThat(store.find("h1")).isEmpty();
    assertThat(store.markUsed("h1")).isFalse();
    // token, used flag, family and subject index: all four expired with the session
    assertThat(store.purgeExpired()).isEqualTo(3); // the token entry was deleted by the read
    assertThat(store.revokeSubject("alice")).isEmpty();
  }

  @Test
  void aRevokedFamilyStaysRevokedWhileItsSessionLives() {
    RefreshTokenStore store = newStore();
    store.save(record("h1", "f1", "alice"));
    store.revokeFamily("f1");
    clock.advance(Duration.ofHours(23));
    assertThat(store.isFamilyRevoked("f1")).isTrue();
    clock.advance(Duration.ofHours(2));
    assertThat(store.isFamilyRevoked("f1")).isFalse();
  }
}
