package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * EdDSA with Ed25519 (RFC 8037) over the JDK: the RFC's own test vector, the JWK and JWKS forms,
 * and the key checks at the boundary.
 */
class Ed25519SigningKeyTest {

  /** RFC 8037 Appendix A.1: the private key; A.2: its public half. */
  private static final String RFC_D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";

  private static final String RFC_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
  private static final String RFC_PRIVATE_JWK =
      "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"" + RFC_D + "\",\"x\":\"" + RFC_X + "\"}";

  /** RFC 8037 Appendix A.4: {"alg":"EdDSA"} over "Example of Ed25519 signing". */
  private static final String RFC_SIGNING_INPUT =
      "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";

  private static final String RFC_SIGNATURE =
      "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

  @Test
  void rfc8037AppendixA4SignatureIsReproducedAndA5VerifiesIt() throws Exception {
    assertThat(RFC_SIGNING_INPUT)
        .isEqualTo(
            Base64URL.encode("{\"alg\":\"EdDSA\"}")
                + "."
                + Base64URL.encode("Example of Ed25519 signing"));
    SigningKey key = SigningKey.withoutKeyId(JWK.parse(RFC_PRIVATE_JWK), SigningAlgorithm.EDDSA);
    byte[] input = RFC_SIGNING_INPUT.getBytes(StandardCharsets.US_ASCII);
    JWSHeader header = new JWSHeader(JWSAlgorithm.EdDSA);
    // Ed25519 is deterministic: the signature must be the RFC's, byte for byte.
    assertThat(key.signer().sign(header, input).toString()).isEqualTo(RFC_SIGNATURE);

    // A.5: verification with the public key alone.
    SigningKey publicOnly =
        SigningKey.withoutKeyId(
            JWK.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + RFC_X + "\"}"),
            SigningAlgorithm.EDDSA);
    assertThat(publicOnly.canSign()).isFalse();
    assertThat(publicOnly.verifier().verify(header, input, new Base64URL(RFC_SIGNATURE))).isTrue();
    byte[] tampered =
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmd"
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(publicOnly.verifier().verify(header, tampered, new Base64URL(RFC_SIGNATURE)))
        .isFalse();
    // The verifier is EdDSA's only: the same bytes under another alg are refused.
    assertThat(
            publicOnly
                .verifier()
                .verify(new JWSHeader(JWSAlgorithm.ES256), input, new Base64URL(RFC_SIGNATURE)))
        .isFalse();
    // A.3: the RFC 7638 thumbprint of the public key.
    assertThat(publicOnly.toJwk().computeThumbprint().toString())
        .isEqualTo("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  }

  @Test
  void generatedKeysHaveTheRfc8037JwkFormsAndRoundTrip() throws Exception {
    SigningKey key = SigningKey.generate(SigningAlgorithm.EDDSA, "ed-1");
    assertThat(key.canSign()).isTrue();
    Map<String, Object> full = key.toJwk().toJSONObject();
    assertThat(full)
        .containsEntry("kty", "OKP")
        .containsEntry("crv", "Ed25519")
        .containsEntry("kid", "ed-1")
        .containsEntry("alg", "EdDSA")
        .containsEntry("use", "sig")
        .containsKeys("x", "d");
    assertThat(Base64URL.from((String) full.get("x")).decode()).hasSize(32);
    assertThat(Base64URL.from((String) full.get("d")).decode()).hasSize(32);
    Map<String, Object> pub = key.publicJwk().orElseThrow().toJSONObject();
    assertThat(pub).containsEntry("x", full.get("x")).containsEntry("alg", "EdDSA");
    assertThat(pub).doesNotContainKey("d");

    SigningKey restored = SigningKey.fromJwk(key.toJwk().toJSONString(), SigningAlgorithm.EDDSA);
    assertThat(restored.canSign()).isTrue();
    byte[] input = "a.b".getBytes(StandardCharsets.US_ASCII);
    JWSHeader header = new JWSHeader(JWSAlgorithm.EdDSA);
    Base64URL signature = restored.signer().sign(header, input);
    assertThat(key.verifier().verify(header, input, signature)).isTrue();
    assertThat(key.toVerificationKey().canSign()).isFalse();
    assertThat(key.toVerificationKey().verifier().verify(header, input, signature)).isTrue();
    assertThat(SigningKey.generate(SigningAlgorithm.EDDSA, "ed-2").verifier())
        .satisfies(v -> assertThat(v.verify(header, input, signature)).isFalse());
    assertThat(key.toString()).doesNotContain((String) full.get("d"));
  }

  @Test
  void aResourceServerVerifiesEdDsaTokensFromTheJwksAlone() throws Exception {
    Clock clock = Clock.systemUTC();
    TokenConfig config =
        TokenConfig.custom()
            .issuer("https://auth.example.com")
            .audience("api")
            .clock(clock)
            .build();
    KeyRing issuerKeys = KeyRing.of(SigningKey.generate(SigningAlgorithm.EDDSA, "ed-1"));
    TokenService issuer =
        TokenService.create(
            config, issuerKeys, RevocationStore.inMemory(clock), RefreshTokenStore.inMemory(clock));
    String jwks = issuerKeys.publicJwks();
    JWKSet set = JWKSet.parse(jwks);
    assertThat(set.getKeys()).hasSize(1);
    assertThat(set.containsNonPublicKeys()).isFalse();
    assertThat(set.getKeys().get(0)).isInstanceOf(OctetKeyPair.class);
    assertThat(jwks).doesNotContain("\"d\"");

    TokenVerifier remote =
        TokenVerifier.create(config, KeyRing.fromJwks(jwks), RevocationStore.inMemory(clock));
    String token = issuer.issue("alice", Set.of("viewer"), Set.of()).value();
    assertThat(com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getAlgorithm())
        .isEqualTo(JWSAlgorithm.EdDSA);
    VerificationResult result = remote.verify(token);
    assertThat(result.isValid()).as(result.toString()).isTrue();
    assertThat(result.claimsOrThrow().keyId()).contains("ed-1");

    // The same kid with another Ed25519 key in the JWKS: the token does not verify.
    KeyRing impostor = KeyRing.of(SigningKey.generate(SigningAlgorithm.EDDSA, "ed-1"));
    TokenVerifier wrong =
        TokenVerifier.create(
            config, KeyRing.fromJwks(impostor.publicJwks()), RevocationStore.inMemory(clock));
    assertThat(((VerificationResult.Rejected) wrong.verify(token)).reason())
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void keysThatDoNotFitEdDsaAreRefusedAtTheBoundary() throws Exception {
    SigningKey ec = SigningKey.generate(SigningAlgorithm.ES256, "es-1");
    SigningKey ed = SigningKey.generate(SigningAlgorithm.EDDSA, "ed-1");
    // kty/alg mismatch either way, as JWK and inside a JWKS.
    JWK ecWithoutAlg =
        new com.nimbusds.jose.jwk.ECKey.Builder(ec.toJwk().toECKey()).algorithm(null).build();
    assertThatThrownBy(() -> SigningKey.fromJwk(ecWithoutAlg, SigningAlgorithm.EDDSA))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("does not fit algorithm EDDSA");
    assertThatThrownBy(() -> SigningKey.fromJwk(ed.toJwk(), SigningAlgorithm.ES256))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("declares alg EdDSA");
    String ecAsEdDsa =
        ec.publicJwk().orElseThrow().toJSONString().replace("\"ES256\"", "\"EdDSA\"");
    assertThatThrownBy(() -> KeyRing.fromJwks("{\"keys\":[" + ecAsEdDsa + "]}"))
        .isInstanceOf(InvalidConfigurationException.class);
    String edAsEs256 =
        ed.publicJwk().orElseThrow().toJSONString().replace("\"EdDSA\"", "\"ES256\"");
    assertThatThrownBy(() -> KeyRing.fromJwks("{\"keys\":[" + edAsEs256 + "]}"))
        .isInstanceOf(InvalidConfigurationException.class);
    // The Java constant's name is not a JWS alg.
    String edAsConstantName =
        ed.publicJwk().orElseThrow().toJSONString().replace("\"EdDSA\"", "\"EDDSA\"");
    assertThatThrownBy(() -> KeyRing.fromJwks("{\"keys\":[" + edAsConstantName + "]}"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("allowed: [ES256, EdDSA, PS256, RS256, HS256]");

    // Other OKP curves, wrong lengths, and a private half that is not the public half's.
    OctetKeyPair edJwk = ed.toJwk().toOctetKeyPair();
    OctetKeyPair x25519 = new OctetKeyPair.Builder(Curve.X25519, edJwk.getX()).keyID("x-1").build();
    assertThatThrownBy(() -> SigningKey.fromJwk(x25519, SigningAlgorithm.EDDSA))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("Ed25519 is required");
    OctetKeyPair shortX =
        new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(new byte[31]))
            .keyID("s-1")
            .build();
    assertThatThrownBy(() -> SigningKey.fromJwk(shortX, SigningAlgorithm.EDDSA))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("31-byte x; exactly 32");
    OctetKeyPair otherD =
        new OctetKeyPair.Builder(edJwk)
            .d(SigningKey.generate(SigningAlgorithm.EDDSA, "ed-3").toJwk().toOctetKeyPair().getD())
            .build();
    assertThatThrownBy(() -> SigningKey.fromJwk(otherD, SigningAlgorithm.EDDSA))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("does not belong to public key x");
  }

  @Test
  void jwsNamesMapToTheirConstants() {
    assertThat(SigningAlgorithm.fromJwsName("EdDSA")).contains(SigningAlgorithm.EDDSA);
    assertThat(SigningAlgorithm.fromJwsName("ES256")).contains(SigningAlgorithm.ES256);
    assertThat(SigningAlgorithm.fromJwsName("EDDSA")).isEmpty();
    assertThat(SigningAlgorithm.fromJwsName("Ed25519")).isEmpty();
    assertThat(SigningAlgorithm.fromJwsName(null)).isEmpty();
    assertThat(SigningAlgorithm.EDDSA.asymmetric()).isTrue();
  }
}
