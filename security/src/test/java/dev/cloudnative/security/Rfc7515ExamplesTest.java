package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The published examples of RFC 7515 Appendix A.1 (HS256) and A.3 (ES256) verify with their
 * published keys (at an instant before their {@code exp} of 1300819380, 2011-03-22T18:43:00Z) and
 * are rejected as expired under the real clock. These tokens carry neither {@code kid} nor {@code
 * typ=at+jwt}, so the verifier is configured as it would be for such a foreign issuer: single key,
 * any type, iss/exp required.
 */
class Rfc7515ExamplesTest {

  private static final String PAYLOAD =
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
          + "cGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
  private static final String A1 =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
          + PAYLOAD
          + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  private static final String A1_KEY =
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
  private static final String A3 =
      "eyJhbGciOiJFUzI1NiJ9."
          + PAYLOAD
          + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
  private static final String A3_X = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
  private static final String A3_Y = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
  private static final Instant BEFORE_EXP = Instant.ofEpochSecond(1_300_819_300L);

  private static TokenVerifier verifier(SigningKey key, Clock clock) {
    TokenConfig config =
        TokenConfig.custom()
            .issuer("joe")
            .anyType()
            .requireKeyId(false)
            .requiredClaims(Set.of("iss", "exp"))
            .clock(clock)
            .build();
    return TokenVerifier.create(
        config, KeyRing.verificationOnly(List.of(key)), RevocationStore.inMemory(clock));
  }

  private static SigningKey a1Key() {
    return SigningKey.withoutKeyId(
        new OctetSequenceKey.Builder(new Base64URL(A1_KEY)).build(), SigningAlgorithm.HS256);
  }

  private static SigningKey a3Key() {
    ECKey key = new ECKey.Builder(Curve.P_256, new Base64URL(A3_X), new Base64URL(A3_Y)).build();
    return SigningKey.withoutKeyId(key, SigningAlgorithm.ES256);
  }

  @Test
  void appendixA1Hs256VerifiesWithItsPublishedKey() {
    VerificationResult result =
        verifier(a1Key(), Clock.fixed(BEFORE_EXP, ZoneOffset.UTC)).verify(A1);
    assertThat(result.isValid()).as(result.toString()).isTrue();
    TokenClaims claims = result.claimsOrThrow();
    assertThat(claims.issuer()).isEqualTo("joe");
    assertThat(claims.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_300_819_380L));
  }

  @Test
  void appendixA3Es256VerifiesWithItsPublishedKey() {
    VerificationResult result =
        verifier(a3Key(), Clock.fixed(BEFORE_EXP, ZoneOffset.UTC)).verify(A3);
    assertThat(result.isValid()).as(result.toString()).isTrue();
    assertThat(result.claimsOrThrow().issuer()).isEqualTo("joe");
  }

  @Test
  void bothAreExpiredUnderTheRealClock() {
    for (var c : List.of(new Object[] {a1Key(), A1}, new Object[] {a3Key(), A3})) {
      VerificationResult result =
          verifier((SigningKey) c[0], Clock.systemUTC()).verify((String) c[1]);
      assertThat(result).isInstanceOf(VerificationResult.Rejected.class);
      assertThat(((VerificationResult.Rejected) result).reason())
          .isEqualTo(RejectionReason.EXPIRED);
    }
  }

  @Test
  void theExamplesFailWithTheOtherKeyOrATamperedPayload() {
    Clock before = Clock.fixed(BEFORE_EXP, ZoneOffset.UTC);
    // A.1's HS256 token against the ES256 key: the key's only algorithm is ES256.
    assertThat(((VerificationResult.Rejected) verifier(a3Key(), before).verify(A1)).reason())
        .isEqualTo(RejectionReason.ALGORITHM_NOT_ALLOWED);
    String tampered = A3.replace(PAYLOAD, JwsCrafter.b64("{\"iss\":\"joe\",\"exp\":1300819380}"));
    assertThat(((VerificationResult.Rejected) verifier(a3Key(), before).verify(tampered)).reason())
        .isEqualTo(RejectionReason.BAD_SIGNATURE);
  }

  @Test
  void ourDefaultVerifierRejectsThemForLackingKidAndType() {
    TokenConfig strict =
        TokenConfig.custom()
            .issuer("joe")
            .audience("x")
            .clock(Clock.fixed(BEFORE_EXP, ZoneOffset.UTC))
            .build();
    TokenVerifier v =
        TokenVerifier.create(
            strict,
            KeyRing.verificationOnly(List.of(a3Key())),
            RevocationStore.inMemory(Clock.systemUTC()));
    assertThat(((VerificationResult.Rejected) v.verify(A3)).reason())
        .isEqualTo(RejectionReason.UNKNOWN_KEY);
  }
}
