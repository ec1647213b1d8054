package dev.cloudnative.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.core.Backend;
import dev.cloudnative.core.CloudNative;
import dev.cloudnative.security.InvalidTokenException;
import dev.cloudnative.security.RejectionReason;
import dev.cloudnative.security.Security;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenPair;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade keeps security's token stores in its storage when asked or when storage is real. */
class SecurityStoresWiringTest {

  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  @TempDir Path dir;

  @Test
  void overRealStorageTheStoresGoThereByThemselvesAndSurviveARestart() {
    String used;
    String revokedJti;
    try (CloudNative cn = CloudNative.builder().storage(Stores.file(dir)).build()) {
      assertThat(backend(cn, "storage").kind()).isEqualTo(Backend.Kind.ENGINE);
      assertThat(backend(cn, "security").detail())
          .isEqualTo("users kept in memory; revocations, refresh tokens kept in storage");
      assertThat(backend(cn, "security").real()).isFalse(); // the users are still in memory
      Security security = cn.security();
      security.accounts().register("alice", PASSWORD.clone(), Set.of());
      TokenPair first = security.login("alice", PASSWORD.clone());
      TokenPair second = security.tokens().refresh(first.refreshToken());
      security.tokens().revoke(second.accessToken().value());
      used = first.refreshToken();
      revokedJti = second.accessToken().jwtId();
    }
    try (CloudNative cn = CloudNative.builder().storage(Stores.file(dir)).build()) {
      assertThat(
              KeyValueRevocationStore.over(cn.storage(), Clock.systemUTC())
                  .isRevoked("cloudnative", revokedJti))
          .isTrue();
      assertThatThrownBy(() -> cn.security().tokens().refresh(used))
          .isInstanceOfSatisfying(
              InvalidTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.REFRESH_TOKEN_REUSED));
    }
  }

  @Test
  void overInMemoryStorageTheyStayInTheHeapUnlessAsked() {
    try (CloudNative cn = CloudNative.builder().storage(Stores.inMemory()).build()) {
      assertThat(backend(cn, "security").detail())
          .isEqualTo("users, revocations, refresh tokens kept in memory");
    }
    try (CloudNative cn =
        CloudNative.builder().storage(Stores.inMemory()).securityStoresInStorage().build()) {
      assertThat(backend(cn, "security").detail())
          .isEqualTo(
              "users kept in memory; revocations, refresh tokens kept in storage (itself in"
                  + " memory)");
      assertThat(backend(cn, "security").kind()).isEqualTo(Backend.Kind.IN_MEMORY);
      Security security = cn.security();
      security.accounts().register("bob", PASSWORD.clone(), Set.of());
      TokenPair pair = security.login("bob", PASSWORD.clone());
      security.tokens().revoke(pair.accessToken().value());
      String key =
          KeyValueRevocationStore.DEFAULT_PREFIX
              + "revoked/"
              + ExpiringEntries.sha256Hex("cloudnative\u0000" + pair.accessToken().jwtId());
      assertThat(cn.storage().getString(key)).hasValueSatisfying(v -> v.startsWith("cn-sec/1 "));
    }
  }

  @Test
  void aGivenSecurityKeepsItsOwnStoresAndAskingOtherwiseIsRefused() {
    Security own =
        Security.custom().tokens(TokenConfig.custom().issuer("i").audience("a").build()).build();
    assertThatThrownBy(() -> CloudNative.builder().security(own).securityStoresInStorage().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("security(...) was given");
  }

  private static Backend backend(CloudNative cn, String module) {
    return cn.backends().stream().filter(b -> b.module().equals(module)).findFirst().orElseThrow();
  }
}
