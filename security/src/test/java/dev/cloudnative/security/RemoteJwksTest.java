package dev.cloudnative.security;

import static dev.cloudnative.security.JwsCrafter.payload;
import static dev.cloudnative.security.JwsCrafter.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RemoteJwks} and its verifier against a real JWKS endpoint on loopback. */
class RemoteJwksTest {

  private static final String ISS = "https://auth.example.com";
  private static final String AUD = "orders-api";

  private MutableClock clock;
  private KeyRing ring;
  private TokenConfig config;
  private TokenService issuer;
  private RevocationStore revocations;
  private JwksServer server;
  private final List<RemoteJwks> opened = new ArrayList<>();

  @BeforeEach
  void setUp() {
    clock = MutableClock.at("2026-03-01T12:00:00Z");
    ring = KeyRing.of(SigningKey.generate(SigningAlgorithm.ES256, "es-1"));
    config = TokenConfig.custom().issuer(ISS).audience(AUD).clock(clock).build();
    revocations = RevocationStore.inMemory(clock);
    issuer = TokenService.create(config, ring, revocations, RefreshTokenStore.inMemory(clock));
    server = JwksServer.start();
    server.serve(() -> ring.publicJwks(clock.instant()), "Cache-Control", "public, max-age=600");
  }

  @AfterEach
  void tearDown() {
    opened.forEach(RemoteJwks::close);
    server.close();
  }

  private RemoteJwksConfig.Builder remote() {
    return RemoteJwksConfig.custom(server.uri())
        .clock(clock)
        .cacheBounds(Duration.ofMinutes(1), Duration.ofHours(1))
        .refreshRateLimit(Duration.ofSeconds(30))
        .timeout(Duration.ofSeconds(5));
  }

  private RemoteJwks connect(RemoteJwksConfig.Builder b) {
    RemoteJwks jwks = RemoteJwks.connect(b.build());
    opened.add(jwks);
    return jwks;
  }

  private String token() {
    return issuer.issue("alice", Set.of("viewer"), Set.of()).value();
  }

  private static RejectionReason reasonOf(VerificationResult r) {
    assertThat(r).as(r.toString()).isInstanceOf(VerificationResult.Rejected.class);
    return ((VerificationResult.Rejected) r).reason();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("timed out waiting for " + what).isTrue();
      Thread.sleep(10);
    }
  }

  @Test
  void fetchesTheKeySetAndVerifiesTokensSignedByTheIssuer() {
    RemoteJwks jwks = connect(remote());
    TokenVerifier verifier = TokenVerifier.create(config, jwks, revocations);

    VerificationResult result = verifier.verify(token());

    assertThat(result.isValid()).as(result.toString()).isTrue();
    assertThat(result.claimsOrThrow().subject()).contains("alice");
    RemoteJwksStatus status = jwks.status();
    assertThat(status.uri()).isEqualTo(server.uri());
    assertThat(status.fetchCount()).isEqualTo(1);
    assertThat(status.failureCount()).isZero();
    assertThat(status.keyIds()).containsExactly("es-1");
    assertThat(status.lastSuccess()).contains(clock.instant());
    assertThat(status.lastError()).isEmpty();
    // A revocation in the shared store applies to the remote verifier too.
    String revoked = token();
    issuer.revoke(revoked);
    assertThat(reasonOf(verifier.verify(revoked))).isEqualTo(RejectionReason.REVOKED);
  }

  @Test
  void theCacheIsHonouredAndRefreshedInTheBackgroundOnceStale() throws Exception {
    RemoteJwks jwks = connect(remote());
    TokenVerifier verifier = TokenVerifier.create(config, jwks, revocations);
    for (int i = 0; i < 50; i++) {
      assertThat(verifier.verify(token()).isValid()).isTrue();
    }
    clock.advance(Duration.ofMinutes(9));
    for (int i = 0; i < 50; i++) {
      assertThat(verifier.verify(token()).isValid()).isTrue();
    }
    assertThat(server.requests()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));
    Instant refreshedAt = clock.instant();
    // Stale: this verification still uses the cached keys and starts one refresh behind it.
    assertThat(verifier.verify(token()).isValid()).isTrue();
    await(() -> jwks.status().lastSuccess().equals(java.util.Optional.of(refreshedAt)), "refresh");
    for (int i = 0; i < 50; i++) {
      assertThat(verifier.verify(token()).isValid()).isTrue();
    }
    assertThat(server.requests()).isEqualTo(2);
    assertThat(jwks.status().freshUntil()).contains(refreshedAt.plus(Duration.ofMinutes(10)));
  }

  @ParameterizedTest(name = "{0}: {1} -> {2} s")
  @CsvSource(
      delimiter = '|',
      value = {
        "Cache-Control | max-age=86400           | 3600",
        "Cache-Control | public, max-age=1       | 60",
        "Cache-Control | max-age=900, must-revalidate | 900",
        "Cache-Control | no-store                | 60",
        "Cache-Control | max-age=900, no-cache   | 60",
        "Cache-Control | max-age=99999999999999999999999 | 3600",
        "Cache-Control | max-age=banana          | 300",
        "Expires       | 0                       | 60",
        "X-None        | nothing                 | 300",
      })
  void freshnessFollowsTheHeadersClampedToTheBounds(String header, String value, long seconds) {
    server.serve(() -> ring.publicJwks(clock.instant()), header, value);
    RemoteJwks jwks =
        connect(
            remote()
                .cacheBounds(Duration.ofMinutes(1), Duration.ofHours(1))
                .defaultCacheDuration(Duration.ofMinutes(5)));
    assertThat(jwks.refreshForUnknownKey()).isPresent();

    RemoteJwksStatus status = jwks.status();
    assertThat(status.freshUntil()).contains(clock.instant().plusSeconds(seconds));
    assertThat(status.usableUntil())
        .contains(clock.instant().plusSeconds(seconds).plus(Duration.ofHours(6)));
  }

  @Test
  void expiresIsReadRelativeToTheResponseDate() {
    // The JDK server stamps Date with the real time; Expires - Date is the freshness lifetime.
    String expires =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(20));
    server.serve(() -> ring.publicJwks(clock.instant()), "Expires", expires);
    RemoteJwks jwks = connect(remote());
    assertThat(jwks.refreshForUnknownKey()).isPresent();

    Duration fresh = Duration.between(clock.instant(), jwks.status().freshUntil().orElseThrow());
    // Whole seconds in both headers, and the response may be stamped a little later: generous.
    assertThat(fresh).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(20).plusSeconds(1));
  }

  @Test
  void aRotatedKeyIsPickedUpThroughItsUnknownKidOncePerRateLimitInterval() {
    RemoteJwks jwks = connect(remote());
    TokenVerifier verifier = TokenVerifier.create(config, jwks, revocations);
    String before = token();
    assertThat(verifier.verify(before).isValid()).isTrue();

    clock.advance(Duration.ofSeconds(5));
    ring.rotate(
        SigningKey.generate(SigningAlgorithm.ES256, "es-2"), clock.instant().plusSeconds(600));
    String after = token();
    // Within the rate limit of the first fetch: no new request, the kid is unknown for now.
    VerificationResult early = verifier.verify(after);
    assertThat(reasonOf(early)).isEqualTo(RejectionReason.UNKNOWN_KEY);
    assertThat(server.requests()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(30));
    String later = token();
    VerificationResult result = verifier.verify(later);
    assertThat(result.isValid()).as(result.toString()).isTrue();
    assertThat(server.requests()).isEqualTo(2);
    assertThat(jwks.status().keyIds()).containsExactlyInAnyOrder("es-1", "es-2");
    // The old key keeps verifying its tokens, and no further fetch is needed for either.
    assertThat(verifier.verify(before).isValid()).isTrue();
    assertThat(verifier.verify(after).isValid()).isTrue();
    assertThat(server.requests()).isEqualTo(2);
  }

  @Test
  void aFloodOfUnknownKidsFromManyThreadsCausesAtMostOneFetchPerInterval() throws Exception {
    RemoteJwks jwks = connect(remote());
    TokenVerifier verifier = TokenVerifier.create(config, jwks, revocations);
    assertThat(verifier.verify(token()).isValid()).isTrue();
    assertThat(server.requests()).isEqualTo(1);
    // Past the rate limit, so the flood may cause exactly one refresh, which all threads share.
    clock.advance(Duration.ofSeconds(31));
    long now = clock.instant().getEpochSecond();
    List<String> flood = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      String kid = UUID.randomUUID().toString();
      flood.add(
          unsigned(
              "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}",
              payload(ISS, AUD, now),
              "c2lnbmF0dXJl"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<List<RejectionReason>>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        List<String> slice = flood.subList(t * 125, (t + 1) * 125);
        tasks.add(
            () -> {
              List<RejectionReason> reasons = new ArrayList<>();
              for (String tok : slice) {
                reasons.add(reasonOf(verifier.verify(tok)));
              }
              return reasons;
            });
      }
      for (Future<List<RejectionReason>> f : pool.invokeAll(tasks)) {
        assertThat(f.get()).hasSize(125).containsOnly(RejectionReason.UNKNOWN_KEY);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(server.requests()).as("fetches: first plus at most one refresh").isEqualTo(2);
    assertThat(jwks.status().fetchCount()).isEqualTo(2);
    assertThat(verifier.verify(token()).isValid()).isTrue();
  }

  @Test
  void anIssuerOutageKeepsVerifyingWithTheCachedKeysUpToTheStaleBound() throws Exception {
    RemoteJwks jwks = connect(remote().staleIfError(Duration.ofHours(1)));
    TokenVerifier verifier = TokenVerifier.create(config, jwks, revocations);
    assertThat(verifier.verify(token()).isValid()).isTrue();
    Instant fetchedAt = clock.instant();

    // 5xx
    server.fail(503);
    clock.advance(Duration.ofMinutes(11));
    assertThat(jwks.refreshForUnknownKey()).isPresent();
    assertThat(verifier.verify(token()).isValid()).isTrue();
    RemoteJwksStatus status = jwks.status();
    assertThat(status.failureCount()).isEqualTo(1);
    assertThat(status.lastError()).contains("HTTP 503");
    assertThat(status.lastFailure()).contains(clock.instant());
    assertThat(status.lastSuccess()).contains(fetchedAt);
    assertThat(status.keyIds()).containsExactly("es-1");

    // malformed JSON
    server.serve(() -> "{\"keys\": [ {\"kty\": ");
    clock.advance(Duration.ofMinutes(1));
    assertThat(jwks.refreshForUnknownKey()).isPresent();
    assertThat(jwks.status().lastError().orElseThrow()).contains("not a valid JWKS document");
    assertThat(verifier.verify(token()).isValid()).isTrue();

    // a timeout
    server.serve(
        new JwksServer.Answer(
            200, () -> ring.publicJwks(clock.instant()), List.of(), Duration.ofSeconds(20), false));
    RemoteJwks slow = connect(remote().timeout(Duration.ofMillis(300)));
    assertThat(slow.refreshForUnknownKey()).isEmpty();
    assertThat(slow.status().lastError().orElseThrow()).contains("timed out");

    // connection refused
    server.close();
    clock.advance(Duration.ofMinutes(1));
    assertThat(jwks.refreshForUnknownKey()).isPresent();
    assertThat(jwks.status().failureCount()).isEqualTo(3);
    assertThat(jwks.status().lastError().orElseThrow()).contains("cannot connect");
    assertThat(verifier.verify(token()).isValid()).isTrue();

    // Past freshness (10 min) plus the stale bound (1 h) the cached keys are dropped.
    clock.set(fetchedAt.plus(Duration.ofMinutes(70)));
    VerificationResult dropped = verifier.verify(token());
    assertThat(reasonOf(dropped)).isEqualTo(RejectionReason.KEY_SET_UNAVAILABLE);
    assertThat(jwks.status().hasKeys()).isFalse();
  }

  @Test
  void withNoKeySetEverFetchedATokenIsRejectedWithATypedReason() throws Exception {
    server.fail(500);
    RemoteJwks jwks = connect(remote());
    TokenVerifier verifier = TokenVerifier.create(config, jwks, revocations);

    VerificationResult result = verifier.verify(token());

    assertThat(reasonOf(result)).isEqualTo(RejectionReason.KEY_SET_UNAVAILABLE);
    assertThat(((VerificationResult.Rejected) result).detail()).contains("HTTP 500");
    assertThat(jwks.status().fetchCount()).isEqualTo(1);
    assertThat(jwks.status().keyIds()).isEmpty();
    assertThat(jwks.status().freshUntil()).isEmpty();

    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RemoteJwks nobody =
        connect(
            RemoteJwksConfig.custom(URI.create("http://127.0.0.1:" + port + "/jwks")).clock(clock));
    VerificationResult refused = TokenVerifier.create(config, nobody, revocations).verify(token());
    assertThat(reasonOf(refused)).isEqualTo(RejectionReason.KEY_SET_UNAVAILABLE);
    assertThat(nobody.status().lastError().orElseThrow()).contains("cannot connect");
  }

  @ParameterizedTest
  @ValueSource(strings = {"EDDSA", "PS256", "RS256"})
  void everyAsymmetricAlgorithmVerifiesThroughTheRemoteSet(String algorithm) {
    KeyRing other = KeyRing.of(SigningKey.generate(SigningAlgorithm.valueOf(algorithm), "k-1"));
    TokenService otherIssuer =
        TokenService.create(config, other, revocations, RefreshTokenStore.inMemory(clock));
    server.serve(() -> other.publicJwks(clock.instant()));
    RemoteJwks jwks = connect(remote());

    VerificationResult result =
        TokenVerifier.create(config, jwks, revocations)
            .verify(otherIssuer.issue("alice", Set.of(), Set.of()).value());

    assertThat(result.isValid()).as(result.toString()).isTrue();
    assertThat(jwks.status().keyIds()).containsExactly("k-1");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void anOversizedKeySetIsRefusedWhetherOrNotItDeclaresItsLength(boolean chunked) {
    String big = "{\"keys\":[],\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
    server.serve(new JwksServer.Answer(200, () -> big, List.of(), Duration.ZERO, chunked));
    RemoteJwks jwks = connect(remote());

    assertThat(jwks.refreshForUnknownKey()).isEmpty();
    assertThat(jwks.status().lastError().orElseThrow()).contains("at most 1048576");
    assertThat(reasonOf(TokenVerifier.create(config, jwks, revocations).verify(token())))
        .isEqualTo(RejectionReason.KEY_SET_UNAVAILABLE);
  }

  @Test
  void malformedOrUnusableKeySetsAreRefusedAsAWhole() throws Exception {
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID("x").generate();
    String[] refused = {
      "not json",
      "[1,2,3]",
      "{\"keys\":{}}",
      "{\"keys\":[]}",
      // duplicate kid
      "{\"keys\":["
          + ring.activeKey().publicJwk().orElseThrow().toJSONString()
          + ","
          + ring.activeKey().publicJwk().orElseThrow().toJSONString()
          + "]}",
      // only unusable keys: a published secret, an encryption key, a key without alg
      "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"alg\":\"HS256\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"},"
          + new ECKey.Builder(other.toPublicJWK()).keyUse(KeyUse.ENCRYPTION).build().toJSONString()
          + ","
          + other.toPublicJWK().toJSONString()
          + "]}",
    };
    for (String doc : refused) {
      server.serve(() -> doc);
      RemoteJwks jwks = connect(remote());
      assertThat(jwks.refreshForUnknownKey()).as(doc).isEmpty();
      assertThat(jwks.status().failureCount()).as(doc).isEqualTo(1);
    }
    // Too many keys.
    server.serve(() -> ring.publicJwks(clock.instant()));
    ring.addVerificationKey(
        SigningKey.generate(SigningAlgorithm.RS256, "rs-1"), clock.instant().plusSeconds(600));
    RemoteJwks capped = connect(remote().maxKeys(1));
    assertThat(capped.refreshForUnknownKey()).isEmpty();
    assertThat(capped.status().lastError().orElseThrow()).contains("2 keys; at most 1");
  }

  @Test
  void unusableEntriesAreSkippedWhileTheUsableKeysVerify() throws Exception {
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID("enc-1").generate();
    String doc =
        "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"alg\":\"HS256\",\"k\":\"c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0\"},"
            + new ECKey.Builder(other.toPublicJWK())
                .keyUse(KeyUse.ENCRYPTION)
                .build()
                .toJSONString()
            + ","
            + ring.activeKey().publicJwk().orElseThrow().toJSONString()
            + "]}";
    server.serve(() -> doc);
    RemoteJwks jwks = connect(remote());
    TokenVerifier verifier = TokenVerifier.create(config, jwks, revocations);

    assertThat(verifier.verify(token()).isValid()).isTrue();
    assertThat(jwks.status().keyIds()).containsExactly("es-1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://auth.example.com/jwks",
        "http://10.0.0.1/jwks",
        "http://127.0.0.1.example.com/jwks",
        "ftp://127.0.0.1/jwks",
        "file:///etc/jwks.json",
        "/jwks",
        "https://user:secret@auth.example.com/jwks",
        "https://auth.example.com/jwks#frag",
      })
  void urlsOtherThanHttpsOrLoopbackHttpAreRefusedBeforeAnyConnection(String url) {
    // The check is on the text: example.com is never looked up, nothing is dialled.
    assertThatThrownBy(() -> RemoteJwksConfig.custom(URI.create(url)))
        .isInstanceOf(IllegalArgumentException.class)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("allowed: an absolute https URL");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://auth.example.com/.well-known/jwks.json",
        "HTTPS://auth.example.com/jwks",
        "http://127.0.0.1:8080/jwks",
        "http://127.9.9.9/jwks",
        "http://[::1]:8080/jwks",
        "http://localhost:8080/jwks",
      })
  void httpsAndLoopbackHttpAreAccepted(String url) {
    assertThat(RemoteJwksConfig.custom(URI.create(url)).build().uri()).isEqualTo(URI.create(url));
  }

  @Test
  void badSettingsSayWhatIsAllowed() {
    RemoteJwksConfig.Builder b = RemoteJwksConfig.custom(server.uri());
    assertThatThrownBy(() -> b.cacheBounds(Duration.ofHours(2), Duration.ofHours(1)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("exceeds max");
    assertThatThrownBy(() -> b.refreshRateLimit(Duration.ZERO))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("PT0S is outside PT1S..PT1H");
    assertThatThrownBy(() -> b.maxResponseBytes(10)).hasMessageContaining("outside 1024..");
    assertThatThrownBy(() -> b.maxKeys(0)).hasMessageContaining("outside 1..1000");
    assertThatThrownBy(() -> b.timeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> RemoteJwksConfig.custom(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("uri");
  }

  @Test
  void closeIsIdempotentAndLaterCallsSayItIsClosed() {
    RemoteJwks jwks = connect(remote());
    jwks.close();
    jwks.close();
    assertThatThrownBy(jwks::currentKeys)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
    assertThatThrownBy(jwks::status).hasMessage("remote JWKS " + server.uri() + " is closed");
  }
}
