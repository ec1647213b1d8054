package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

abstract class TokenServiceContractTest {

  protected abstract TokenService create(
      TokenConfig config,
      KeyRing keys,
      RevocationStore revocations,
      RefreshTokenStore refreshTokens);

  private static final String ISS = "https://auth.example.com";
  private static final String AUD = "orders-api";
  private static final Map<SigningAlgorithm, SigningKey> KEYS =
      new EnumMap<>(SigningAlgorithm.class);

  private MutableClock clock;
  private RevocationStore revocations;
  private RefreshTokenStore refreshTokens;
  private TokenService service;

  @BeforeAll
  static void keys() {
    for (SigningAlgorithm alg : SigningAlgorithm.values()) {
      KEYS.put(alg, SigningKey.generate(alg, alg.name().toLowerCase() + "-1"));
    }
  }

  @BeforeEach
  void setUp() {
    clock = MutableClock.at("2026-03-01T12:00:00Z");
    revocations = RevocationStore.inMemory(clock);
    refreshTokens = RefreshTokenStore.inMemory(clock);
    service = service(KeyRing.of(KEYS.get(SigningAlgorithm.ES256)));
  }

  private TokenConfig config() {
    return TokenConfig.custom().issuer(ISS).audience(AUD).clock(clock).build();
  }

  private TokenService service(KeyRing ring) {
    return create(config(), ring, revocations, refreshTokens);
  }

  private RejectionReason reasonOf(String token) {
    VerificationResult r = service.verify(token);
    return r instanceof VerificationResult.Rejected rej ? rej.reason() : null;
  }

  @ParameterizedTest
  @EnumSource(SigningAlgorithm.class)
  void issuesAndVerifiesWithEveryAlgorithm(SigningAlgorithm alg) throws Exception {
    TokenService s = service(KeyRing.of(KEYS.get(alg)));
    AccessToken token = s.issue("alice", Set.of("editor"), Set.of("orders:write"));
    SignedJWT jwt = SignedJWT.parse(token.value());
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(alg.jws());
    TokenClaims claims = s.verify(token.value()).claimsOrThrow();
    assertThat(claims.subject()).contains("alice");
    assertThat(claims.keyId()).contains(KEYS.get(alg).keyId());
  }

  @Test
  void accessTokensCarryTheRfc9068ClaimsAndAShortLifetime() throws Exception {
    AccessToken token = service.issue("alice", Set.of("editor", "viewer"), Set.of("orders:write"));
    SignedJWT jwt = SignedJWT.parse(token.value());
    JWSHeader h = jwt.getHeader();
    assertThat(h.getType().getType()).isEqualTo("at+jwt");
    assertThat(h.getKeyID()).isEqualTo("es256-1");
    assertThat(h.getJWK()).isNull();
    JWTClaimsSet c = jwt.getJWTClaimsSet();
    assertThat(c.getIssuer()).isEqualTo(ISS);
    assertThat(c.getSubject()).isEqualTo("alice");
    assertThat(c.getAudience()).containsExactly(AUD);
    assertThat(c.getJWTID()).hasSizeGreaterThanOrEqualTo(20);
    assertThat(c.getIssueTime().toInstant()).isEqualTo(clock.instant());
    assertThat(c.getNotBeforeTime().toInstant()).isEqualTo(clock.instant());
    assertThat(Duration.between(c.getIssueTime().toInstant(), c.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(c.getStringListClaim("roles")).containsExactly("editor", "viewer");
    assertThat(c.getStringListClaim("permissions")).containsExactly("orders:write");
    assertThat(token.toString()).doesNotContain(token.value());
    assertThat(service.issue("alice", Set.of(), Set.of()).jwtId()).isNotEqualTo(token.jwtId());
  }

  @Test
  void refreshRotatesAndReuseRevokesTheWholeFamily() {
    TokenPair first = service.login("alice", Set.of("viewer"), Set.of("orders:read"));
    TokenPair second = service.refresh(first.refreshToken());
    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(service.verify(second.accessToken().value()).claimsOrThrow().sessionId())
        .isEqualTo(service.verify(first.accessToken().value()).claimsOrThrow().sessionId());
    TokenPair third = service.refresh(second.refreshToken());
    assertThat(service.verify(third.accessToken().value()).isValid()).isTrue();

    // An attacker replays the stolen first refresh token.
    assertThatThrownBy(() -> service.refresh(first.refreshToken()))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.REFRESH_TOKEN_REUSED);
    // The legitimate holder's newest tokens die with the family.
    assertThatThrownBy(() -> service.refresh(third.refreshToken()))
        .isInstanceOf(InvalidTokenException.class)
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(reasonOf(third.accessToken().value())).isEqualTo(RejectionReason.REVOKED);
    assertThat(reasonOf(second.accessToken().value())).isEqualTo(RejectionReason.REVOKED);

    // Another session of the same user is unaffected.
    TokenPair other = service.login("alice", Set.of("viewer"), Set.of());
    assertThat(service.refresh(other.refreshToken()).accessToken()).isNotNull();
  }

  @Test
  void concurrentUseOfOneRefreshTokenIsReuseAndEndsTheSession() throws Exception {
    TokenPair pair = service.login("alice", Set.of(), Set.of());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<TokenPair> won = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      List<Callable<RejectionReason>> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tasks.add(
            () -> {
              try {
                won.add(service.refresh(pair.refreshToken()));
                return null;
              } catch (InvalidTokenException e) {
                return e.reason();
              }
            });
      }
      List<RejectionReason> reasons = new ArrayList<>();
      for (Future<RejectionReason> f : pool.invokeAll(tasks)) {
        reasons.add(f.get());
      }
      // markUsed lets at most one through; every other attempt is reuse, which kills the family.
      assertThat(won).hasSizeLessThanOrEqualTo(1);
      assertThat(reasons).contains(RejectionReason.REFRESH_TOKEN_REUSED);
    } finally {
      pool.shutdownNow();
    }
    for (TokenPair p : won) {
      assertThat(reasonOf(p.accessToken().value())).isEqualTo(RejectionReason.REVOKED);
      assertThatThrownBy(() -> service.refresh(p.refreshToken()))
          .isInstanceOf(InvalidTokenException.class);
    }
    assertThat(reasonOf(pair.accessToken().value())).isEqualTo(RejectionReason.REVOKED);
  }

  @Test
  void refreshTokensExpireAndTheSessionHasAnAbsoluteEnd() {
    TokenPair pair = service.login("alice", Set.of(), Set.of());
    clock.advance(Duration.ofHours(8));
    assertThatThrownBy(() -> service.refresh(pair.refreshToken()))
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.EXPIRED);

    TokenPair session = service.login("bob", Set.of(), Set.of());
    TokenPair current = session;
    for (int i = 0; i < 23; i++) {
      clock.advance(Duration.ofHours(7));
      current = service.refresh(current.refreshToken());
      assertThat(current.refreshTokenExpiresAt())
          .isBeforeOrEqualTo(
              java.time.Instant.parse("2026-03-01T20:00:00Z").plus(Duration.ofDays(7)));
    }
    clock.advance(Duration.ofHours(7));
    TokenPair last = current;
    assertThatThrownBy(() -> service.refresh(last.refreshToken()))
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.EXPIRED);
  }

  @Test
  void unknownAndMalformedRefreshTokensAreRejected() {
    assertThatThrownBy(() -> service.refresh("x".repeat(43)))
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.UNKNOWN_TOKEN);
    for (String bad : new String[] {null, "", "short", "a".repeat(44), "!".repeat(43)}) {
      assertThatThrownBy(() -> service.refresh(bad))
          .extracting(e -> ((InvalidTokenException) e).reason())
          .isEqualTo(RejectionReason.MALFORMED);
    }
    String access = service.issue("alice", Set.of(), Set.of()).value();
    assertThatThrownBy(() -> service.refresh(access)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void logoutRevokesTheSessionAndItsAccessToken() {
    TokenPair pair = service.login("alice", Set.of(), Set.of());
    service.logout(pair.refreshToken());
    assertThat(reasonOf(pair.accessToken().value())).isEqualTo(RejectionReason.REVOKED);
    assertThatThrownBy(() -> service.refresh(pair.refreshToken()))
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.REVOKED);
    service.logout(pair.refreshToken());
  }

  @Test
  void revokeAllCutsOffEverythingIssuedBeforeButNotAfter() {
    TokenPair a = service.login("alice", Set.of(), Set.of());
    AccessToken standalone = service.issue("alice", Set.of(), Set.of());
    AccessToken bobs = service.issue("bob", Set.of(), Set.of());
    clock.advance(Duration.ofMillis(400));
    service.revokeAll("alice");
    assertThat(reasonOf(a.accessToken().value())).isEqualTo(RejectionReason.REVOKED);
    assertThat(reasonOf(standalone.value())).isEqualTo(RejectionReason.REVOKED);
    assertThatThrownBy(() -> service.refresh(a.refreshToken()))
        .isInstanceOf(InvalidTokenException.class);
    assertThat(service.verify(bobs.value()).isValid()).isTrue();

    // A new login in the same second as the cut-off still works.
    clock.advance(Duration.ofMillis(100));
    TokenPair fresh = service.login("alice", Set.of(), Set.of());
    assertThat(service.verify(fresh.accessToken().value()).isValid()).isTrue();
    assertThat(service.refresh(fresh.refreshToken())).isNotNull();
  }

  @Test
  void revokeNeedsAnAuthenticTokenAndIgnoresExpiredOnes() {
    AccessToken foreign =
        create(config(), KeyRing.generate(), revocations, refreshTokens)
            .issue("alice", Set.of(), Set.of());
    assertThatThrownBy(() -> service.revoke(foreign.value()))
        .extracting(e -> ((InvalidTokenException) e).reason())
        .isEqualTo(RejectionReason.UNKNOWN_KEY);
    AccessToken mine = service.issue("alice", Set.of(), Set.of());
    clock.advance(Duration.ofHours(1));
    service.revoke(mine.value());
    assertThat(reasonOf(mine.value())).isEqualTo(RejectionReason.EXPIRED);
  }

  @Test
  void keyRotationKeepsOldTokensValidUntilTheyExpireThenRetiresTheKey() {
    KeyRing ring = KeyRing.of(SigningKey.generate(SigningAlgorithm.ES256, "k1"));
    TokenService s = service(ring);
    AccessToken old = s.issue("alice", Set.of(), Set.of());
    clock.advance(Duration.ofMinutes(1));
    s.rotateSigningKey(SigningKey.generate(SigningAlgorithm.ES256, "k2"));
    AccessToken fresh = s.issue("alice", Set.of(), Set.of());
    assertThat(fresh.keyId()).isEqualTo("k2");
    assertThat(s.verify(old.value()).isValid()).isTrue();
    assertThat(s.verify(fresh.value()).isValid()).isTrue();
    assertThat(s.publicJwks()).contains("\"k1\"", "\"k2\"");

    clock.advance(Duration.ofMinutes(6));
    assertThat(((VerificationResult.Rejected) s.verify(old.value())).reason())
        .isEqualTo(RejectionReason.UNKNOWN_KEY);
    assertThat(s.publicJwks()).doesNotContain("\"k1\"").contains("\"k2\"");
    assertThat(((VerificationResult.Rejected) s.verify(fresh.value())).reason())
        .isEqualTo(RejectionReason.EXPIRED);
    assertThat(s.verify(s.issue("alice", Set.of(), Set.of()).value()).isValid()).isTrue();
  }

  @Test
  void jwksExportsOnlyPublicKeysAndNeverHmacSecrets() throws Exception {
    KeyRing ring = KeyRing.of(KEYS.get(SigningAlgorithm.ES256));
    ring.addVerificationKey(
        KEYS.get(SigningAlgorithm.PS256), clock.instant().plus(Duration.ofDays(1)));
    ring.addVerificationKey(
        KEYS.get(SigningAlgorithm.HS256), clock.instant().plus(Duration.ofDays(1)));
    String jwks = ring.publicJwks(clock.instant());
    JWKSet set = JWKSet.parse(jwks);
    assertThat(set.getKeys()).hasSize(2);
    assertThat(set.containsNonPublicKeys()).isFalse();
    assertThat(jwks).doesNotContain("\"d\"", "\"p\"", "\"q\"", "\"k\"", "\"oct\"");
    assertThat(set.getKeys())
        .allSatisfy(
            k -> {
              assertThat(k.getKeyID()).isNotBlank();
              assertThat(k.getAlgorithm()).isNotNull();
            });

    // A resource server builds its verifier from the JWKS alone.
    TokenService issuer = service(KeyRing.of(KEYS.get(SigningAlgorithm.ES256)));
    TokenVerifier remote =
        TokenVerifier.create(config(), KeyRing.fromJwks(jwks), RevocationStore.inMemory(clock));
    assertThat(remote.verify(issuer.issue("alice", Set.of(), Set.of()).value()).isValid()).isTrue();
  }

  @Test
  void hs256RequiresARandomKeyOfAtLeast256Bits() {
    assertThatThrownBy(() -> SigningKey.hmac(new byte[31], "h"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("248 bits")
        .hasMessageContaining("at least 256 bits");
    assertThatThrownBy(
            () ->
                SigningKey.hmac(
                    "my-secret-key-my-secret-key-1234".getBytes(StandardCharsets.US_ASCII), "h"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("passphrase");
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    random[0] = (byte) 0x80;
    SigningKey ok = SigningKey.hmac(random, "h");
    assertThat(ok.publicJwk()).isEmpty();
    assertThat(ok.toString()).doesNotContain(Base64URL.encode(random).toString());
    assertThatThrownBy(
            () ->
                KeyRing.fromJwks(
                    "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"alg\":\"HS256\",\"k\":\"c2hvcnQ\"}]}"))
        .isInstanceOf(InvalidConfigurationException.class);
  }

  @Test
  void keysAreValidatedAtTheBoundary() {
    assertThatThrownBy(() -> SigningKey.generate(SigningAlgorithm.ES256, "../etc"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("Key id '../etc'");
    assertThatThrownBy(
            () ->
                SigningKey.fromJwk(
                    KEYS.get(SigningAlgorithm.ES256).toJwk(), SigningAlgorithm.RS256))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("declares alg ES256");
    assertThatThrownBy(() -> KeyRing.of(KEYS.get(SigningAlgorithm.ES256).toVerificationKey()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("no private key");
    String withoutAlg =
        new com.nimbusds.jose.jwk.ECKey.Builder(
                KEYS.get(SigningAlgorithm.ES256).publicJwk().orElseThrow().toECKey())
            .algorithm(null)
            .build()
            .toJSONString();
    assertThatThrownBy(() -> KeyRing.fromJwks("{\"keys\":[" + withoutAlg + "]}"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("has no alg");
    SigningKey restored =
        SigningKey.fromJwk(
            KEYS.get(SigningAlgorithm.PS256).toJwk().toJSONString(), SigningAlgorithm.PS256);
    assertThat(restored.canSign()).isTrue();
  }

  @Test
  void configIsValidatedAtTheBoundary() {
    assertThatThrownBy(
            () -> TokenConfig.custom().issuer(ISS).audience(AUD).clockSkew(Duration.ofSeconds(61)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("clockSkew PT1M1S");
    assertThatThrownBy(() -> TokenConfig.custom().issuer(ISS).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("audience is required");
    assertThatThrownBy(() -> TokenConfig.custom().accessTokenTtl(Duration.ofDays(1)))
        .isInstanceOf(InvalidConfigurationException.class);
    TokenConfig anyType = TokenConfig.custom().issuer(ISS).audience(AUD).anyType().build();
    assertThatThrownBy(() -> create(anyType, KeyRing.generate(), revocations, refreshTokens))
        .isInstanceOf(InvalidConfigurationException.class);
    assertThat(TokenConfig.custom().issuer(ISS).audience(AUD).build().accessTokenTtl())
        .isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> TokenConfig.custom().issuer(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("issuer");
  }

  @Test
  void badInputIsAnIllegalArgumentExceptionThatCatchingTheModuleRootDoesNotSwallow() {
    Map<String, org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls =
        new java.util.LinkedHashMap<>();
    calls.put("config", () -> TokenConfig.custom().maxTokenLength(10));
    calls.put("key", () -> SigningKey.hmac(new byte[31], "h"));
    calls.put("subject", () -> service.issue(" ", Set.of(), Set.of()));
    calls.forEach(
        (what, call) -> {
          Throwable thrown =
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> {
                    try {
                      call.call();
                    } catch (SecurityModuleException outcome) {
                      throw new AssertionError(
                          what + ": bad input was caught as a security outcome", outcome);
                    }
                  });
          assertThat(thrown)
              .as(what)
              .isInstanceOf(IllegalArgumentException.class)
              .isNotInstanceOf(SecurityModuleException.class);
        });
    // A rejected token is an outcome of authentication, not bad input: it stays under the root.
    assertThatThrownBy(() -> service.refresh("not-a-refresh-token"))
        .isInstanceOf(InvalidTokenException.class)
        .isInstanceOf(SecurityModuleException.class)
        .isNotInstanceOf(IllegalArgumentException.class);
  }
}
