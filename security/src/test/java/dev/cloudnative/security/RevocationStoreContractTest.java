package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The contract of every {@link RevocationStore}. */
public abstract class RevocationStoreContractTest {

  protected final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

  protected abstract RevocationStore newStore();

  @Test
  void revokedIdsAreScopedByIssuer() {
    RevocationStore store = newStore();
    store.revoke("iss-a", "jti-1", clock.instant().plusSeconds(300));
    assertThat(store.isRevoked("iss-a", "jti-1")).isTrue();
    assertThat(store.isRevoked("iss-b", "jti-1")).isFalse();
    assertThat(store.isRevoked("iss-a", "jti-2")).isFalse();
  }

  @Test
  void cutoffsOnlyMoveForward() {
    RevocationStore store = newStore();
    Instant t1 = clock.instant();
    Instant t2 = t1.plusSeconds(60);
    Instant keep = t1.plus(Duration.ofDays(1));
    assertThat(store.issuedBeforeCutoff("iss", "alice")).isEmpty();
    store.revokeIssuedBefore("iss", "alice", t2, keep);
    store.revokeIssuedBefore("iss", "alice", t1, keep);
    assertThat(store.issuedBeforeCutoff("iss", "alice")).contains(t2);
    assertThat(store.issuedBeforeCutoff("iss", "bob")).isEmpty();
    assertThat(store.issuedBeforeCutoff("other", "alice")).isEmpty();
  }

  @Test
  void manyRevocationsStayRevokedWhileTheirTokensLive() {
    RevocationStore store = newStore();
    for (int i = 0; i < 1000; i++) {
      store.revoke("iss", "jti-" + i, clock.instant().plusSeconds(300));
    }
    for (int i = 0; i < 1000; i++) {
      assertThat(store.isRevoked("iss", "jti-" + i)).isTrue();
    }
  }
}
