package dev.cloudnative.security;

import static dev.cloudnative.security.JwsCrafter.b64;
import static dev.cloudnative.security.JwsCrafter.signed;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import dev.cloudnative.security.dpop.DpopConfig;
import dev.cloudnative.security.dpop.DpopProofs;
import dev.cloudnative.security.dpop.DpopRejection;
import dev.cloudnative.security.dpop.DpopRequest;
import dev.cloudnative.security.dpop.DpopResult;
import dev.cloudnative.security.dpop.DpopVerifier;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract of DPoP verification (RFC 9449 §4.3, §7.1) over a token verifier: a bound token with
 * a fresh proof passes, and each check has a request that fails it, with its own reason. Run on
 * every way a resource server gets its {@link TokenVerifier}.
 */
abstract class DpopVerifierContractTest {

  /** The token verifier of the resource server under test, for tokens of {@code issuer}. */
  protected abstract TokenVerifier resourceServerTokens(
      TokenService issuer, TokenConfig config, MutableClock clock);

  private static final URI ORDERS = URI.create("https://api.example.com/orders");
  private static SigningKey issuerKey;
  private static SigningKey clientKey;
  private static SigningKey attackerKey;

  private MutableClock clock;
  private TokenConfig tokenConfig;
  private TokenService issuer;
  private TokenVerifier tokens;
  private DpopProofs client;
  private AccessToken token;
  private DpopVerifier dpop;

  @BeforeAll
  static void generateKeys() {
    issuerKey = SigningKey.generate(SigningAlgorithm.ES256, "issuer-1");
    clientKey = SigningKey.generate(SigningAlgorithm.ES256, "client");
    attackerKey = SigningKey.generate(SigningAlgorithm.ES256, "attacker");
  }

  @BeforeEach
  void setUp() {
    clock = MutableClock.at("2026-03-01T12:00:00Z");
    tokenConfig =
        TokenConfig.custom()
            .issuer("https://auth.example.com")
            .audience("orders-api")
            .clock(clock)
            .build();
    issuer =
        TokenService.create(
            tokenConfig,
            KeyRing.of(issuerKey),
            RevocationStore.inMemory(clock),
            RefreshTokenStore.inMemory(clock));
    tokens = resourceServerTokens(issuer, tokenConfig, clock);
    client = DpopProofs.forKey(clientKey, clock);
    token = issuer.issue("alice", Set.of("viewer"), Set.of(), client.thumbprint());
    dpop = DpopVerifier.create(DpopConfig.custom().clock(clock).build(), tokens);
  }

  private DpopRequest get(String proof) {
    return DpopRequest.of("GET", ORDERS, proof).withAccessToken(token.value());
  }

  private static DpopResult.Rejected assertRejected(DpopResult result, DpopRejection reason) {
    assertThat(result).as(String.valueOf(result)).isInstanceOf(DpopResult.Rejected.class);
    DpopResult.Rejected r = (DpopResult.Rejected) result;
    assertThat(r.reason()).as(r.detail()).isEqualTo(reason);
    return r;
  }

  private static DpopResult.Valid assertValid(DpopResult result) {
    assertThat(result).as(String.valueOf(result)).isInstanceOf(DpopResult.Valid.class);
    return (DpopResult.Valid) result;
  }

  private String proofPayload(String htm, String htu, long iat, String extra) {
    return "{\"jti\":\"j-"
        + new SecureRandom().nextLong()
        + "\",\"htm\":\""
        + htm
        + "\",\"htu\":\""
        + htu
        + "\",\"iat\":"
        + iat
        + extra
        + "}";
  }

  private String ath() {
    return ",\"ath\":\""
        + dev.cloudnative.security.internal.DpopHashes.accessTokenHash(token.value())
        + "\"";
  }

  private String publicJwkJson() {
    return client.publicKey().toJSONString();
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  @Test
  void aBoundTokenWithAFreshProofIsAcceptedAndCarriesTheBinding() {
    assertThat(token.tokenType()).isEqualTo("DPoP");
    DpopResult.Valid valid =
        assertValid(dpop.verify(get(client.proof("GET", ORDERS, token.value()))));
    assertThat(valid.claims()).isPresent();
    assertThat(valid.claims().get().subject()).contains("alice");
    assertThat(valid.claims().get().boundKeyThumbprint()).contains(client.thumbprint());
    assertThat(valid.proof().jwkThumbprint()).isEqualTo(client.thumbprint());
    assertThat(valid.proof().method()).isEqualTo("GET");
  }

  @Test
  void eachRequestWithANewProofIsAccepted() {
    for (int i = 0; i < 3; i++) {
      assertValid(dpop.verify(get(client.proof("GET", ORDERS, token.value()))));
    }
  }

  @Test
  void aReplayedProofIsRefused() {
    String proof = client.proof("GET", ORDERS, token.value());
    assertValid(dpop.verify(get(proof)));
    assertRejected(dpop.verify(get(proof)), DpopRejection.REPLAYED);
  }

  @Test
  void aProofSentConcurrentlyFromManyThreadsIsAcceptedOnce() throws Exception {
    String proof = client.proof("GET", ORDERS, token.value());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<DpopResult>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        calls.add(() -> dpop.verify(get(proof)));
      }
      long valid = 0;
      for (Future<DpopResult> f : pool.invokeAll(calls)) {
        if (f.get().isValid()) {
          valid++;
        } else {
          assertRejected(f.get(), DpopRejection.REPLAYED);
        }
      }
      assertThat(valid).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aProofForAnotherMethodIsRefused() {
    assertRejected(
        dpop.verify(get(client.proof("POST", ORDERS, token.value()))), DpopRejection.WRONG_METHOD);
    assertRejected(
        dpop.verify(get(client.proof("get", ORDERS, token.value()))), DpopRejection.WRONG_METHOD);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.example.com/orders/1",
        "https://api.example.com/",
        "https://evil.example.com/orders",
        "http://api.example.com/orders",
        "https://api.example.com:8443/orders"
      })
  void aProofForAnotherUriIsRefused(String htu) {
    String proof = client.proof("GET", URI.create(htu), token.value());
    assertRejected(dpop.verify(get(proof)), DpopRejection.WRONG_URI);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.example.com/orders?page=2",
        "https://api.example.com/orders#top",
        "HTTPS://API.Example.COM:443/orders",
        "https://api.example.com/./v1/../orders",
        "https://api.example.com/%6Frders"
      })
  void theRequestUriIsComparedWithoutQueryAndFragmentAfterNormalisation(String requestUri) {
    String proof = client.proof("GET", ORDERS, token.value());
    DpopRequest request =
        DpopRequest.of("GET", URI.create(requestUri), proof).withAccessToken(token.value());
    assertValid(dpop.verify(request));
  }

  @Test
  void aStaleProofIsRefusedAndOneFromTheFutureToo() {
    String proof = client.proof("GET", ORDERS, token.value());
    clock.advance(Duration.ofSeconds(66));
    assertRejected(dpop.verify(get(proof)), DpopRejection.TOO_OLD);
    MutableClock ahead = new MutableClock(clock.instant().plusSeconds(30));
    String future = DpopProofs.forKey(clientKey, ahead).proof("GET", ORDERS, token.value());
    assertRejected(dpop.verify(get(future)), DpopRejection.ISSUED_IN_FUTURE);
  }

  @Test
  void aProofWithinTheAgeAndSkewIsAccepted() {
    String proof = client.proof("GET", ORDERS, token.value());
    clock.advance(Duration.ofSeconds(64));
    assertValid(dpop.verify(get(proof)));
    MutableClock ahead = new MutableClock(clock.instant().plusSeconds(4));
    assertValid(
        dpop.verify(get(DpopProofs.forKey(clientKey, ahead).proof("GET", ORDERS, token.value()))));
  }

  @Test
  void aProofForAnotherTokenOrWithoutAthIsRefused() {
    AccessToken other = issuer.issue("alice", Set.of("viewer"), Set.of(), client.thumbprint());
    assertRejected(
        dpop.verify(get(client.proof("GET", ORDERS, other.value()))),
        DpopRejection.WRONG_ACCESS_TOKEN_HASH);
    assertRejected(dpop.verify(get(client.proof("GET", ORDERS))), DpopRejection.MISSING_CLAIM);
  }

  @Test
  void aStolenTokenWithTheThiefsOwnKeyIsRefused() {
    String proof = DpopProofs.forKey(attackerKey, clock).proof("GET", ORDERS, token.value());
    DpopResult.Rejected r = assertRejected(dpop.verify(get(proof)), DpopRejection.KEY_MISMATCH);
    assertThat(r.wwwAuthenticate()).isEqualTo("DPoP error=\"invalid_token\"");
  }

  @Test
  void aBoundTokenPresentedAsBearerIsRefused() {
    VerificationResult bearer = tokens.verify(token.value());
    assertThat(bearer).isInstanceOf(VerificationResult.Rejected.class);
    assertThat(((VerificationResult.Rejected) bearer).reason())
        .isEqualTo(RejectionReason.SENDER_CONSTRAINED);
  }

  @Test
  void aBearerTokenPresentedWithDpopIsRefused() {
    AccessToken bearer = issuer.issue("alice", Set.of("viewer"), Set.of());
    assertThat(bearer.tokenType()).isEqualTo("Bearer");
    DpopRequest request =
        DpopRequest.of("GET", ORDERS, client.proof("GET", ORDERS, bearer.value()))
            .withAccessToken(bearer.value());
    assertRejected(dpop.verify(request), DpopRejection.TOKEN_NOT_BOUND);
  }

  @Test
  void anInvalidAccessTokenIsRefusedWithItsOwnReason() {
    clock.advance(tokenConfig.accessTokenTtl().plus(tokenConfig.clockSkew()).plusSeconds(1));
    DpopResult.Rejected r =
        assertRejected(
            dpop.verify(get(client.proof("GET", ORDERS, token.value()))),
            DpopRejection.INVALID_TOKEN);
    assertThat(r.tokenReason()).contains(RejectionReason.EXPIRED);
  }

  @Test
  void aPrivateKeyInTheJwkHeaderIsRefused() {
    String header =
        "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + clientKey.toJwk().toJSONString() + "}";
    String proof =
        signed(
            header,
            proofPayload("GET", ORDERS.toString(), now(), ath()),
            clientKey.signer(),
            JWSAlgorithm.ES256);
    assertRejected(dpop.verify(get(proof)), DpopRejection.BAD_KEY);
  }

  @Test
  void aMissingJwkOrOneThatDoesNotFitTheAlgIsRefused() {
    String payload = proofPayload("GET", ORDERS.toString(), now(), ath());
    assertRejected(
        dpop.verify(
            get(
                signed(
                    "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\"}",
                    payload,
                    clientKey.signer(),
                    JWSAlgorithm.ES256))),
        DpopRejection.BAD_KEY);
    SigningKey rsa = SigningKey.generate(SigningAlgorithm.RS256, "rsa");
    String rsaJwk = rsa.toJwk().toPublicJWK().toJSONString();
    assertRejected(
        dpop.verify(
            get(
                signed(
                    "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + rsaJwk + "}",
                    payload,
                    clientKey.signer(),
                    JWSAlgorithm.ES256))),
        DpopRejection.BAD_KEY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "NONE", "HS256", "ES384", "RS512"})
  void algNoneHmacAndUnconfiguredAlgorithmsAreRefused(String alg) throws Exception {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String header =
        "{\"typ\":\"dpop+jwt\",\"alg\":\""
            + alg
            + "\",\"jwk\":{\"kty\":\"oct\",\"k\":\""
            + Base64URL.encode(secret)
            + "\"}}";
    String payload = proofPayload("GET", ORDERS.toString(), now(), ath());
    String proof =
        alg.equals("HS256")
            ? signed(header, payload, new MACSigner(secret), JWSAlgorithm.HS256)
            : b64(header) + "." + b64(payload) + ".c2lnbmF0dXJl";
    assertRejected(dpop.verify(get(proof)), DpopRejection.ALGORITHM_NOT_ALLOWED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\"typ\":\"JWT\",", "\"typ\":\"at+jwt\",", "\"typ\":7,"})
  void aMissingOrWrongTypIsRefused(String typ) {
    String header = "{" + typ + "\"alg\":\"ES256\",\"jwk\":" + publicJwkJson() + "}";
    String proof =
        signed(
            header,
            proofPayload("GET", ORDERS.toString(), now(), ath()),
            clientKey.signer(),
            JWSAlgorithm.ES256);
    assertRejected(dpop.verify(get(proof)), DpopRejection.WRONG_TYPE);
  }

  @Test
  void aCraftedProofWithEveryClaimIsAcceptedSoTheCraftedCasesTestTheRightThing() {
    String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + publicJwkJson() + "}";
    String proof =
        signed(
            header,
            proofPayload("GET", ORDERS.toString(), now(), ath()),
            clientKey.signer(),
            JWSAlgorithm.ES256);
    assertValid(dpop.verify(get(proof)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jti", "htm", "htu", "iat"})
  void aMissingRequiredClaimIsRefused(String claim) {
    String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + publicJwkJson() + "}";
    StringBuilder payload = new StringBuilder("{");
    if (!claim.equals("jti")) {
      payload.append("\"jti\":\"j-1\",");
    }
    if (!claim.equals("htm")) {
      payload.append("\"htm\":\"GET\",");
    }
    if (!claim.equals("htu")) {
      payload.append("\"htu\":\"").append(ORDERS).append("\",");
    }
    if (!claim.equals("iat")) {
      payload.append("\"iat\":").append(now()).append(',');
    }
    payload.append(ath().substring(1)).append('}');
    String proof = signed(header, payload.toString(), clientKey.signer(), JWSAlgorithm.ES256);
    assertRejected(dpop.verify(get(proof)), DpopRejection.MISSING_CLAIM);
  }

  @Test
  void aProofSignedByAnotherKeyThanItsJwkIsRefused() {
    String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + publicJwkJson() + "}";
    String proof =
        signed(
            header,
            proofPayload("GET", ORDERS.toString(), now(), ath()),
            attackerKey.signer(),
            JWSAlgorithm.ES256);
    assertRejected(dpop.verify(get(proof)), DpopRejection.BAD_SIGNATURE);
  }

  @Test
  void malformedHeadersAndNonCanonicalBase64AreRefused() {
    String proof = client.proof("GET", ORDERS, token.value());
    assertRejected(
        dpop.verify(DpopRequest.of("GET", ORDERS, List.of()).withAccessToken(token.value())),
        DpopRejection.MALFORMED);
    assertRejected(
        dpop.verify(
            DpopRequest.of("GET", ORDERS, List.of(proof, proof)).withAccessToken(token.value())),
        DpopRejection.MALFORMED);
    assertRejected(dpop.verify(get("not.a.jws")), DpopRejection.MALFORMED);
    assertRejected(dpop.verify(get(proof + "=")), DpopRejection.MALFORMED);
    // An ES256 signature is 64 bytes, 86 characters: the last carries 4 unused bits, which must
    // be zero, else one proof would have several spellings.
    char last = proof.charAt(proof.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char sibling = alphabet.charAt(alphabet.indexOf(last) | 1);
    String respelled = proof.substring(0, proof.length() - 1) + sibling;
    assertRejected(dpop.verify(get(respelled)), DpopRejection.MALFORMED);
    assertRejected(dpop.verify(get("x".repeat(9000))), DpopRejection.MALFORMED);
  }

  @Test
  void aRequiredNonceIsAskedForThenAcceptedAndRotates() {
    dpop =
        DpopVerifier.create(
            DpopConfig.custom()
                .clock(clock)
                .requireNonce(true)
                .nonceRotation(Duration.ofSeconds(60))
                .nonceGrace(Duration.ofSeconds(30))
                .build(),
            tokens);
    DpopResult.Rejected first =
        assertRejected(
            dpop.verify(get(client.proof("GET", ORDERS, token.value()))), DpopRejection.USE_NONCE);
    assertThat(first.wwwAuthenticate()).isEqualTo("DPoP error=\"use_dpop_nonce\"");
    String nonce = first.nonce().orElseThrow();
    assertThat(dpop.currentNonce()).contains(nonce);
    DpopResult.Valid valid =
        assertValid(
            dpop.verify(
                get(client.proof("GET", ORDERS, Optional.of(token.value()), Optional.of(nonce)))));
    assertThat(valid.proof().nonce()).contains(nonce);
    assertRejected(
        dpop.verify(
            get(
                client.proof(
                    "GET", ORDERS, Optional.of(token.value()), Optional.of("made-up-nonce")))),
        DpopRejection.USE_NONCE);

    clock.advance(Duration.ofSeconds(70));
    String rotated = dpop.currentNonce().orElseThrow();
    assertThat(rotated).isNotEqualTo(nonce);
    // Inside the grace (due at 60 s, accepted until 90 s), the previous nonce still works.
    assertValid(
        dpop.verify(
            get(client.proof("GET", ORDERS, Optional.of(token.value()), Optional.of(nonce)))));
    clock.advance(Duration.ofSeconds(25));
    DpopResult.Rejected stale =
        assertRejected(
            dpop.verify(
                get(client.proof("GET", ORDERS, Optional.of(token.value()), Optional.of(nonce)))),
            DpopRejection.USE_NONCE);
    assertThat(stale.nonce()).contains(rotated);
    assertValid(
        dpop.verify(
            get(client.proof("GET", ORDERS, Optional.of(token.value()), Optional.of(rotated)))));
  }

  @Test
  void withoutRequiredNoncesNoneIsHandedOut() {
    assertThat(dpop.currentNonce()).isEmpty();
  }

  @Test
  void aFullReplayCacheRefusesRatherThanForgetsAndFreesUpWhenProofsExpire() {
    dpop = DpopVerifier.create(DpopConfig.custom().clock(clock).replayCacheSize(2).build(), tokens);
    assertValid(dpop.verify(get(client.proof("GET", ORDERS, token.value()))));
    assertValid(dpop.verify(get(client.proof("GET", ORDERS, token.value()))));
    assertRejected(
        dpop.verify(get(client.proof("GET", ORDERS, token.value()))),
        DpopRejection.REPLAY_CACHE_FULL);
    // Refused proofs take no place: the cache holds only proofs that passed every check.
    clock.advance(Duration.ofSeconds(71));
    assertValid(dpop.verify(get(client.proof("GET", ORDERS, token.value()))));
  }

  @ParameterizedTest
  @EnumSource(
      value = SigningAlgorithm.class,
      names = {"ES256", "PS256", "RS256"})
  void everySupportedAlgorithmMakesAndPassesProofs(SigningAlgorithm alg) {
    DpopProofs proofs = DpopProofs.forKey(SigningKey.generate(alg), clock);
    AccessToken bound = issuer.issue("bob", Set.of(), Set.of(), proofs.thumbprint());
    DpopRequest request =
        DpopRequest.of("PUT", ORDERS, proofs.proof("PUT", ORDERS, bound.value()))
            .withAccessToken(bound.value());
    assertValid(dpop.verify(request));
  }

  @Test
  void anAlgorithmLeftOutOfTheConfigIsRefused() {
    dpop =
        DpopVerifier.create(
            DpopConfig.custom().clock(clock).algorithms(SigningAlgorithm.PS256).build(), tokens);
    assertRejected(
        dpop.verify(get(client.proof("GET", ORDERS, token.value()))),
        DpopRejection.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void atATokenEndpointTheProofAloneIsCheckedAndItsThumbprintIsWhatTheIssuerBinds() {
    URI tokenEndpoint = URI.create("https://auth.example.com/token");
    DpopResult.Valid valid =
        assertValid(
            dpop.verify(
                DpopRequest.of("POST", tokenEndpoint, client.proof("POST", tokenEndpoint))));
    assertThat(valid.claims()).isEmpty();
    AccessToken bound = issuer.issue("carol", Set.of(), Set.of(), valid.proof().jwkThumbprint());
    assertThat(bound.boundKeyThumbprint()).contains(client.thumbprint());
    assertValid(
        dpop.verify(
            DpopRequest.of("GET", ORDERS, client.proof("GET", ORDERS, bound.value()))
                .withAccessToken(bound.value())));
  }
}
