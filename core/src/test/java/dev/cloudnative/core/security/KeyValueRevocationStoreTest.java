package dev.cloudnative.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.security.RevocationStore;
import dev.cloudnative.security.RevocationStoreContractTest;
import dev.cloudnative.storage.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Security's revocation contract on the store kept in an in-memory replicated store. */
class KeyValueRevocationStoreTest extends RevocationStoreContractTest {

  private final KeyValueStore kv = Stores.inMemory();

  @AfterEach
  void closeStore() {
    kv.close();
  }

  @Override
  protected RevocationStore newStore() {
    return KeyValueRevocationStore.over(kv, clock, "t" + System.nanoTime() + "/");
  }

  @Test
  void expiredEntriesAreAbsentAndDeletedWhenRead() {
    KeyValueRevocationStore store = KeyValueRevocationStore.over(kv, clock);
    store.revoke("iss", "short", clock.instant().plusSeconds(60));
    store.revoke("iss", "long", clock.instant().plusSeconds(600));
    clock.advance(Duration.ofSeconds(120));
    assertThat(store.isRevoked("iss", "short")).isFalse();
    assertThat(store.isRevoked("iss", "long")).isTrue();
    // the read deleted it: not even the raw key is left
    assertThat(kv.getString(rawKey("revoked", "iss", "short"))).isEmpty();
    assertThat(kv.getString(rawKey("revoked", "iss", "long"))).isPresent();
  }

  @Test
  void entriesNeverReadAgainAreSweptOnceTheirHourHasPassed() {
    KeyValueRevocationStore store = KeyValueRevocationStore.over(kv, clock);
    store.purgeExpired(); // sets the sweep cursor at the current hour
    for (int i = 0; i < 50; i++) {
      store.revoke("iss", "jti-" + i, clock.instant().plusSeconds(60));
    }
    store.revokeIssuedBefore("iss", "alice", clock.instant(), clock.instant().plusSeconds(60));
    store.revoke("iss", "lives-on", clock.instant().plus(Duration.ofDays(2)));
    assertThat(store.purgeExpired()).isZero();

    clock.advance(Duration.ofHours(3));
    assertThat(store.purgeExpired()).isEqualTo(51);
    for (int i = 0; i < 50; i++) {
      assertThat(kv.getString(rawKey("revoked", "iss", "jti-" + i))).isEmpty();
    }
    assertThat(kv.getString(rawKey("cutoff", "iss", "alice"))).isEmpty();
    assertThat(store.isRevoked("iss", "lives-on")).isTrue();
    assertThat(store.purgeExpired()).isZero();
  }

  @Test
  void aCutoffKeptLongerIsNotSweptWithItsFirstBucket() {
    KeyValueRevocationStore store = KeyValueRevocationStore.over(kv, clock);
    store.purgeExpired();
    Instant t = clock.instant();
    store.revokeIssuedBefore("iss", "bob", t, t.plusSeconds(60));
    store.revokeIssuedBefore("iss", "bob", t.plusSeconds(1), t.plus(Duration.ofDays(1)));
    clock.advance(Duration.ofHours(2));
    store.purgeExpired();
    assertThat(store.issuedBeforeCutoff("iss", "bob")).contains(t.plusSeconds(1));
  }

  @Test
  void valuesAreVersionedTextNotJavaSerialization() {
    KeyValueRevocationStore store = KeyValueRevocationStore.over(kv, clock);
    Instant cutoff = clock.instant();
    store.revokeIssuedBefore("iss", "alice", cutoff, cutoff.plusSeconds(600));
    assertThat(kv.getString(rawKey("cutoff", "iss", "alice")))
        .contains("cn-sec/1 " + cutoff.plusSeconds(600) + "\n" + cutoff);
  }

  @Test
  void anEntryInAnotherFormatIsRefusedNotMisread() {
    KeyValueRevocationStore store = KeyValueRevocationStore.over(kv, clock);
    kv.put(
        rawKey("cutoff", "iss", "mallory").getBytes(StandardCharsets.UTF_8),
        "cn-sec/9 whatever".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> store.issuedBeforeCutoff("iss", "mallory"))
        .hasMessageContaining("not in format cn-sec/1");
  }

  @Test
  void badArgumentsAreRefusedAtTheBoundary() {
    assertThatThrownBy(() -> KeyValueRevocationStore.over(null, clock))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("store");
    assertThatThrownBy(() -> KeyValueRevocationStore.over(kv, clock, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed: 1..200 characters");
    KeyValueRevocationStore store = KeyValueRevocationStore.over(kv, clock);
    assertThatThrownBy(() -> store.revoke("iss", null, clock.instant()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("jwtId");
  }

  private static String rawKey(String kind, String a, String b) {
    return KeyValueRevocationStore.DEFAULT_PREFIX
        + kind
        + "/"
        + ExpiringEntries.sha256Hex(a + "\u0000" + b);
  }
}
