package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import dev.cloudnative.security.dpop.DpopConfig;
import dev.cloudnative.security.dpop.DpopProofs;
import dev.cloudnative.security.dpop.DpopRejection;
import dev.cloudnative.security.dpop.DpopRequest;
import dev.cloudnative.security.dpop.DpopResult;
import dev.cloudnative.security.dpop.DpopVerifier;
import dev.cloudnative.security.dpop.JwkThumbprint;
import dev.cloudnative.security.internal.DpopHashes;
import dev.cloudnative.security.internal.DpopNonces;
import dev.cloudnative.security.internal.DpopReplayCache;
import dev.cloudnative.security.internal.HttpUris;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * DPoP pieces on their own: RFC 7638 and RFC 9449 test vectors, the issuer's binding, the {@code
 * htu} normalisation, the replay cache, nonces and the config's bounds.
 */
class DpopTest {

  /** RFC 9449 Figure 2: a token-request proof (POST https://server.example.com/token). */
  private static final String RFC9449_TOKEN_REQUEST_PROOF =
      "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNo"
          + "UklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5"
          + "VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9T"
          + "VCIsImh0dSI6Imh0dHBzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6"
          + "T8lP4vfrg8v-FdWP0A0zdrj8igiMLvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";

  /** RFC 9449 Figure 13: a resource-request proof with {@code ath} for {@link #RFC9449_TOKEN}. */
  private static final String RFC9449_RESOURCE_PROOF =
      "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNo"
          + "UklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5"
          + "VERWclUwQ2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiJlMWozVl9iS2ljOC1MQUVCIiwiaHRtIjoiR0VU"
          + "IiwiaHR1IjoiaHR0cHM6Ly9yZXNvdXJjZS5leGFtcGxlLm9yZy9wcm90ZWN0ZWRyZXNvdXJjZSIsImlhdCI6MTU2"
          + "MjI2MjYxOCwiYXRoIjoiZlVIeU8ycjJaM0RaNTNFc05yV0JiMHhXWG9hTnk1OUlpS0NBcWtzbVFFbyJ9.2oW9RP35"
          + "yRqzhrtNP86L-Ey71EOptxRimPPToA1plemAgR6pxHF8y6-yqyVnmcw6Fy1dqd-jfxSYoMxhAJpLjA";

  private static final String RFC9449_TOKEN = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU";
  private static final String RFC9449_JKT = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";

  @Test
  void theRfc7638ThumbprintExampleMatchesExactly() throws Exception {
    JWK rsa =
        JWK.parse(
            "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86z"
                + "wu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt"
                + "7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajr"
                + "n1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-"
                + "csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}");
    assertThat(JwkThumbprint.sha256(rsa)).isEqualTo("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  }

  @Test
  void theRfc9449ExampleKeyHasTheThumbprintTheRfcPublishes() throws Exception {
    JWK ec =
        JWK.parse(
            "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"l8tFrhx-34tV3hRICRDY9zCkDlpBhF42UQUfWVAWBFs\","
                + "\"y\":\"9VE4jf_Ok_o64zbTTlcuNJajHmt6v9TDVrU0CdvGRDA\"}");
    assertThat(JwkThumbprint.sha256(ec)).isEqualTo(RFC9449_JKT);
  }

  @Test
  void theRfc9449AccessTokenHashMatches() {
    assertThat(DpopHashes.accessTokenHash(RFC9449_TOKEN))
        .isEqualTo("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo");
  }

  @Test
  void theRfc9449TokenRequestProofVerifiesAtItsInstant() {
    DpopVerifier dpop = DpopVerifier.create(rfcConfig(1562262616), bearerOnly());
    DpopResult result =
        dpop.verify(
            DpopRequest.of(
                "POST",
                URI.create("https://server.example.com/token"),
                RFC9449_TOKEN_REQUEST_PROOF));
    assertThat(result).as(String.valueOf(result)).isInstanceOf(DpopResult.Valid.class);
    DpopResult.Valid valid = (DpopResult.Valid) result;
    assertThat(valid.proof().jwkThumbprint()).isEqualTo(RFC9449_JKT);
    assertThat(valid.proof().jwtId()).isEqualTo("-BwC3ESc6acc2lTc");
    assertThat(valid.proof().issuedAt()).isEqualTo(Instant.ofEpochSecond(1562262616));
  }

  @Test
  void theRfc9449ResourceProofVerifiesWithATokenBoundToItsKey() {
    URI resource = URI.create("https://resource.example.org/protectedresource");
    DpopVerifier dpop = DpopVerifier.create(rfcConfig(1562262618), boundTo(RFC9449_JKT));
    DpopResult result =
        dpop.verify(
            DpopRequest.of("GET", resource, RFC9449_RESOURCE_PROOF).withAccessToken(RFC9449_TOKEN));
    assertThat(result).as(String.valueOf(result)).isInstanceOf(DpopResult.Valid.class);
    // The same proof with any other token fails on ath; bound to another key, on cnf.jkt.
    DpopResult otherToken =
        DpopVerifier.create(rfcConfig(1562262618), boundTo(RFC9449_JKT))
            .verify(
                DpopRequest.of("GET", resource, RFC9449_RESOURCE_PROOF).withAccessToken("other"));
    assertThat(((DpopResult.Rejected) otherToken).reason())
        .isEqualTo(DpopRejection.WRONG_ACCESS_TOKEN_HASH);
    DpopResult otherKey =
        DpopVerifier.create(rfcConfig(1562262618), boundTo("A".repeat(43)))
            .verify(
                DpopRequest.of("GET", resource, RFC9449_RESOURCE_PROOF)
                    .withAccessToken(RFC9449_TOKEN));
    assertThat(((DpopResult.Rejected) otherKey).reason()).isEqualTo(DpopRejection.KEY_MISMATCH);
  }

  private static DpopConfig rfcConfig(long epochSecond) {
    return DpopConfig.custom().clock(new MutableClock(Instant.ofEpochSecond(epochSecond))).build();
  }

  private static TokenVerifier bearerOnly() {
    return token -> new VerificationResult.Rejected(RejectionReason.MALFORMED, "no tokens here");
  }

  /** A token verifier that vouches for every token as bound to {@code jkt}. */
  private static TokenVerifier boundTo(String jkt) {
    return new TokenVerifier() {
      @Override
      public VerificationResult verify(String token) {
        return new VerificationResult.Rejected(RejectionReason.SENDER_CONSTRAINED, "bound");
      }

      @Override
      public VerificationResult verifyBound(String token) {
        return new VerificationResult.Valid(
            new TokenClaims(
                "https://server.example.com",
                Optional.of("someone"),
                List.of(),
                Optional.of("jti"),
                Optional.empty(),
                Optional.empty(),
                Instant.ofEpochSecond(1562262618 + 300),
                Set.of(),
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(jkt)));
      }
    };
  }

  @Test
  void theIssuerWritesCnfJktAndTheDpopTokenType() throws Exception {
    MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    TokenService tokens =
        TokenService.create(
            TokenConfig.custom()
                .issuer("https://auth.example.com")
                .audience("api")
                .clock(clock)
                .build(),
            KeyRing.generate(),
            RevocationStore.inMemory(clock),
            RefreshTokenStore.inMemory(clock));
    DpopProofs client = DpopProofs.forKey(SigningKey.generate(SigningAlgorithm.ES256), clock);
    AccessToken bound = tokens.issue("alice", Set.of(), Set.of(), client.thumbprint());
    Object cnf = com.nimbusds.jwt.SignedJWT.parse(bound.value()).getJWTClaimsSet().getClaim("cnf");
    assertThat(cnf).isEqualTo(java.util.Map.of("jkt", client.thumbprint()));
    assertThat(bound.tokenType()).isEqualTo(AccessToken.DPOP);
    assertThat(bound.toString()).contains("type=DPoP").doesNotContain(bound.value());
    assertThat(tokens.issue("alice", Set.of(), Set.of()).tokenType()).isEqualTo(AccessToken.BEARER);
    assertThat(tokens.login("alice", Set.of(), Set.of()).tokenType()).isEqualTo("Bearer");
    assertThat(tokens.verifyBound(bound.value()).claimsOrThrow().boundKeyThumbprint())
        .contains(client.thumbprint());
    // A bearer token verifies either way; a bound one only with a proof.
    AccessToken bearer = tokens.issue("alice", Set.of(), Set.of());
    assertThat(tokens.verify(bearer.value()).isValid()).isTrue();
    assertThat(tokens.verifyBound(bearer.value()).claimsOrThrow().boundKeyThumbprint()).isEmpty();
    // Revoking a stolen bound token works without its key.
    tokens.revoke(bound.value());
    assertThat(((VerificationResult.Rejected) tokens.verifyBound(bound.value())).reason())
        .isEqualTo(RejectionReason.REVOKED);
    assertThatThrownBy(() -> tokens.issue("alice", Set.of(), Set.of(), "short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("43 base64url characters");
    assertThatThrownBy(() -> tokens.issue("alice", Set.of(), Set.of(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("jwkThumbprint");
  }

  @Test
  void aTokenWithAnyCnfIsNotABearerTokenAndAMalformedCnfIsMalformed() {
    MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    SigningKey key = SigningKey.generate(SigningAlgorithm.ES256, "k1");
    TokenService tokens =
        TokenService.create(
            TokenConfig.custom()
                .issuer("https://auth.example.com")
                .audience("api")
                .clock(clock)
                .build(),
            KeyRing.of(key),
            RevocationStore.inMemory(clock),
            RefreshTokenStore.inMemory(clock));
    String header = "{\"alg\":\"ES256\",\"kid\":\"k1\",\"typ\":\"at+jwt\"}";
    String claims = JwsCrafter.payload("https://auth.example.com", "api", 1772366400);
    String certBound =
        JwsCrafter.signed(
            header,
            claims.substring(0, claims.length() - 1) + ",\"cnf\":{\"x5t#S256\":\"abc\"}}",
            key.signer(),
            com.nimbusds.jose.JWSAlgorithm.ES256);
    assertThat(((VerificationResult.Rejected) tokens.verify(certBound)).reason())
        .isEqualTo(RejectionReason.SENDER_CONSTRAINED);
    // With a proof it verifies, but binds to no JWK, so a DPoP verifier refuses it.
    assertThat(tokens.verifyBound(certBound).claimsOrThrow().boundKeyThumbprint()).isEmpty();
    for (String cnf : List.of("\"cnf\":\"jkt\"", "\"cnf\":{\"jkt\":7}")) {
      String malformed =
          JwsCrafter.signed(
              header,
              claims.substring(0, claims.length() - 1) + "," + cnf + "}",
              key.signer(),
              com.nimbusds.jose.JWSAlgorithm.ES256);
      assertThat(((VerificationResult.Rejected) tokens.verifyBound(malformed)).reason())
          .as(cnf)
          .isEqualTo(RejectionReason.MALFORMED);
    }
  }

  @Test
  void aVerifierWithoutBindingSupportRefusesEveryBoundPresentation() {
    VerificationResult r = bearerOnly().verifyBound("anything");
    assertThat(((VerificationResult.Rejected) r).reason())
        .isEqualTo(RejectionReason.SENDER_CONSTRAINED);
  }

  @Test
  void htuNormalisationFollowsRfc3986() {
    assertThat(HttpUris.normalized("HTTPS://Example.COM:443")).contains("https://example.com/");
    assertThat(HttpUris.normalized("http://example.com:80/a/./b/../c"))
        .contains("http://example.com/a/c");
    assertThat(HttpUris.normalized("http://example.com:8080/%7euser/%2f"))
        .contains("http://example.com:8080/~user/%2F");
    assertThat(HttpUris.normalized("https://example.com/p?q=1#f"))
        .contains("https://example.com/p");
    assertThat(HttpUris.normalized("ftp://example.com/")).isEmpty();
    assertThat(HttpUris.normalized("/relative")).isEmpty();
    assertThat(HttpUris.normalized("https://user@example.com/")).isEmpty();
    assertThat(HttpUris.normalized("https://example.com/%zz")).isEmpty();
    assertThat(HttpUris.normalized("not a uri")).isEmpty();
  }

  @Test
  void theReplayCacheIsBoundedForgetsOnlyExpiredEntriesAndAdmitsAKeyOnce() throws Exception {
    DpopReplayCache cache = new DpopReplayCache(2, 1000);
    assertThat(cache.remember("a", 0)).isEqualTo(DpopReplayCache.Outcome.NEW);
    assertThat(cache.remember("a", 500)).isEqualTo(DpopReplayCache.Outcome.SEEN);
    assertThat(cache.remember("b", 600)).isEqualTo(DpopReplayCache.Outcome.NEW);
    assertThat(cache.remember("c", 700)).isEqualTo(DpopReplayCache.Outcome.FULL);
    assertThat(cache.remember("c", 1000)).isEqualTo(DpopReplayCache.Outcome.NEW);
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.remember("a", 1001)).isEqualTo(DpopReplayCache.Outcome.FULL);

    DpopReplayCache shared = new DpopReplayCache(1000, 60_000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<DpopReplayCache.Outcome>> calls = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        calls.add(() -> shared.remember("same", 1));
      }
      long fresh = 0;
      for (Future<DpopReplayCache.Outcome> f : pool.invokeAll(calls)) {
        fresh += f.get() == DpopReplayCache.Outcome.NEW ? 1 : 0;
      }
      assertThat(fresh).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void noncesRotateLazilyAndAnAncientOneIsNotRevived() {
    MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");
    DpopNonces nonces = new DpopNonces(Duration.ofSeconds(60), Duration.ofSeconds(30), clock);
    String first = nonces.current();
    assertThat(nonces.accepts(first)).isTrue();
    assertThat(nonces.accepts("other")).isFalse();
    clock.advance(Duration.ofHours(1));
    String second = nonces.current();
    assertThat(second).isNotEqualTo(first);
    // It was due an hour ago: its grace is long over although nobody rotated it until now.
    assertThat(nonces.accepts(first)).isFalse();
    assertThat(nonces.accepts(second)).isTrue();
  }

  @Test
  void theConfigRefusesOutOfRangeValuesAndSymmetricAlgorithms() {
    assertThatThrownBy(() -> DpopConfig.custom().algorithms(SigningAlgorithm.HS256))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("HS256");
    assertThatThrownBy(() -> DpopConfig.custom().algorithms())
        .isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> DpopConfig.custom().proofMaxAge(Duration.ofHours(1)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("PT1H");
    assertThatThrownBy(() -> DpopConfig.custom().clockSkew(Duration.ofMinutes(5)))
        .isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> DpopConfig.custom().replayCacheSize(0))
        .isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> DpopConfig.custom().nonceRotation(Duration.ZERO))
        .isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(() -> DpopConfig.custom().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
    DpopConfig defaults = DpopConfig.ofDefaults();
    assertThat(defaults.algorithms()).isEqualTo(DpopConfig.SUPPORTED_ALGORITHMS);
    assertThat(defaults.requireNonce()).isFalse();
  }

  @Test
  void proofsNeedAnAsymmetricPrivateKeyAndRequestsAnAbsoluteUri() {
    assertThatThrownBy(() -> DpopProofs.forKey(SigningKey.generate(SigningAlgorithm.HS256)))
        .isInstanceOf(InvalidConfigurationException.class);
    SigningKey publicOnly = SigningKey.generate(SigningAlgorithm.ES256).toVerificationKey();
    assertThatThrownBy(() -> DpopProofs.forKey(publicOnly))
        .isInstanceOf(InvalidConfigurationException.class);
    DpopProofs proofs = DpopProofs.forKey(SigningKey.generate(SigningAlgorithm.ES256));
    assertThatThrownBy(() -> proofs.proof("GET", URI.create("/orders")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DpopRequest.of("GET", URI.create("/orders"), "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/orders");
    assertThatThrownBy(() -> DpopRequest.of("G E T", URI.create("https://a/"), "p"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(proofs.publicKey().isPrivate()).isFalse();
  }
}
