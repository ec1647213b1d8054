package dev.cloudnative.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.security.InvalidTokenException;
import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.RefreshTokenStore;
import dev.cloudnative.security.RejectionReason;
import dev.cloudnative.security.RevocationStore;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenPair;
import dev.cloudnative.security.TokenService;
import dev.cloudnative.storage.KeyValueStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocations and refresh families written through the stores over a file node are still there
 * after the process that wrote them has exited.
 */
class TokenStoresRestartTest {

  static final String ISSUER = "https://auth.example.com";

  @TempDir Path dir;

  private final Clock clock = Clock.systemUTC();

  @Test
  void aNewJvmFindsWhatTheFirstOneWrote() throws Exception {
    List<String> lines = runWriter();
    assertThat(lines).hasSize(3);
    String usedRefresh = lines.get(0);
    String liveRefresh = lines.get(1);
    String revokedJti = lines.get(2);

    // The second life: a new service with a new signing key over the same directory. Refresh
    // tokens are opaque, so what it knows of them comes only from the store.
    try (KeyValueStore kv = Stores.file(dir)) {
      RevocationStore revocations = KeyValueRevocationStore.over(kv, clock);
      RefreshTokenStore refreshTokens = KeyValueRefreshTokenStore.over(kv, clock);
      assertThat(revocations.isRevoked(ISSUER, revokedJti)).isTrue();
      assertThat(revocations.issuedBeforeCutoff(ISSUER, "bob")).isPresent();
      TokenService tokens = service(revocations, refreshTokens);

      assertThatThrownBy(() -> tokens.refresh(usedRefresh))
          .isInstanceOfSatisfying(
              InvalidTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.REFRESH_TOKEN_REUSED));
      // the reuse revoked the family: its live refresh token dies too
      assertThatThrownBy(() -> tokens.refresh(liveRefresh))
          .isInstanceOfSatisfying(
              InvalidTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.REVOKED));
    }
    // and a third life still sees the revoked family
    try (KeyValueStore kv = Stores.file(dir)) {
      TokenService tokens =
          service(
              KeyValueRevocationStore.over(kv, clock), KeyValueRefreshTokenStore.over(kv, clock));
      assertThatThrownBy(() -> tokens.refresh(liveRefresh))
          .isInstanceOfSatisfying(
              InvalidTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.REVOKED));
    }
  }

  @Test
  void freshObjectsOverTheSameFilesFindRevocationsAndUsedTokens() {
    TokenPair first;
    TokenPair second;
    try (KeyValueStore kv = Stores.file(dir)) {
      TokenService tokens =
          service(
              KeyValueRevocationStore.over(kv, clock), KeyValueRefreshTokenStore.over(kv, clock));
      first = tokens.login("carol", Set.of("editor"), Set.of("orders:write"));
      second = tokens.refresh(first.refreshToken());
      KeyValueRevocationStore.over(kv, clock)
          .revoke(ISSUER, "stolen", Instant.now().plus(Duration.ofHours(1)));
    }
    try (KeyValueStore kv = Stores.file(dir)) {
      RevocationStore revocations = KeyValueRevocationStore.over(kv, clock);
      RefreshTokenStore refreshTokens = KeyValueRefreshTokenStore.over(kv, clock);
      assertThat(revocations.isRevoked(ISSUER, "stolen")).isTrue();
      TokenService tokens = service(revocations, refreshTokens);
      // the unused token of the family still works after the restart...
      TokenPair third = tokens.refresh(second.refreshToken());
      assertThat(third.refreshToken()).isNotEqualTo(second.refreshToken());
      // ...and the used one is still known as used
      assertThatThrownBy(() -> tokens.refresh(first.refreshToken()))
          .isInstanceOfSatisfying(
              InvalidTokenException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectionReason.REFRESH_TOKEN_REUSED));
    }
  }

  private TokenService service(RevocationStore revocations, RefreshTokenStore refreshTokens) {
    return TokenService.create(
        TokenConfig.custom().issuer(ISSUER).audience("api").clock(clock).build(),
        KeyRing.generate(),
        revocations,
        refreshTokens);
  }

  private List<String> runWriter() throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    TokenStoresWriterMain.class.getName(),
                    dir.toString()))
            .redirectErrorStream(false)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out;
    try (InputStream in = child.getInputStream()) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      out = buf.toByteArray();
    }
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("writer JVM exited").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as("writer JVM exit code; it wrote:%n%s", text).isZero();
    // slf4j may print its own lines: the writer's are the last three
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    return lines.subList(Math.max(0, lines.size() - 3), lines.size());
  }
}
