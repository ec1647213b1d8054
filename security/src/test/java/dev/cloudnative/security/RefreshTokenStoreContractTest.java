package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The contract of every {@link RefreshTokenStore}. */
public abstract class RefreshTokenStoreContractTest {

  protected final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

  protected abstract RefreshTokenStore newStore();

  protected RefreshTokenRecord record(String hash, String family, String subject) {
    Instant now = clock.instant();
    return new RefreshTokenRecord(
        hash,
        family,
        subject,
        Set.of("r"),
        Set.of("p"),
        now,
        now.plusSeconds(3600),
        now.plusSeconds(86_400),
        "jti-" + hash,
        now.plusSeconds(300));
  }

  @Test
  void markUsedSucceedsOnlyOnce() {
    RefreshTokenStore store = newStore();
    store.save(record("h1", "f1", "alice"));
    assertThat(store.find("h1")).isPresent();
    assertThat(store.markUsed("h1")).isTrue();
    assertThat(store.markUsed("h1")).isFalse();
    assertThat(store.markUsed("unknown")).isFalse();
  }

  @Test
  void revokingAFamilyReturnsAllItsMembers() {
    RefreshTokenStore store = newStore();
    store.save(record("h1", "f1", "alice"));
    store.save(record("h2", "f1", "alice"));
    store.save(record("h3", "f2", "alice"));
    assertThat(store.revokeFamily("f1"))
        .extracting(RefreshTokenRecord::tokenHash)
        .containsExactlyInAnyOrder("h1", "h2");
    assertThat(store.isFamilyRevoked("f1")).isTrue();
    assertThat(store.isFamilyRevoked("f2")).isFalse();
  }

  @Test
  void revokingASubjectRevokesAllItsFamilies() {
    RefreshTokenStore store = newStore();
    store.save(record("h1", "f1", "alice"));
    store.save(record("h2", "f2", "alice"));
    store.save(record("h3", "f3", "bob"));
    assertThat(store.revokeSubject("alice")).hasSize(2);
    assertThat(store.isFamilyRevoked("f1")).isTrue();
    assertThat(store.isFamilyRevoked("f2")).isTrue();
    assertThat(store.isFamilyRevoked("f3")).isFalse();
  }
}
