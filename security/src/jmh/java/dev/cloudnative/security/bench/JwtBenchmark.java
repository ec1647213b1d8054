package dev.cloudnative.security.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.RefreshTokenStore;
import dev.cloudnative.security.RevocationStore;
import dev.cloudnative.security.SigningAlgorithm;
import dev.cloudnative.security.SigningKey;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenService;
import dev.cloudnative.security.VerificationResult;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Access-token issue and verify per algorithm, ours against raw nimbus-jose-jwt doing the
 * equivalent work (same key, same claims; verification by {@link DefaultJWTProcessor} with a
 * fixed-algorithm key selector, {@code at+jwt} type check, exact issuer, audience and the same
 * required claims). {@code NIMBUS} is {@link DefaultJWTProcessor} as its documentation sets it up,
 * which builds a verifier per token; {@code NIMBUS_CACHED} is the fairer anchor: the token parsed
 * with {@link SignedJWT#parse}, checked with one verifier built once per key, then the same type
 * and claims checks. The claim that matters: our verify costs at most ~10% more than the cached
 * nimbus verifier. For EdDSA nimbus's own Ed25519 verifier needs Google Tink, which the SDK does
 * not ship, so both nimbus variants run nimbus's parsing and checks around the SDK's JDK Ed25519
 * verifier (built once for {@code NIMBUS_CACHED}, per token for {@code NIMBUS}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JwtBenchmark {

  /** One small interface per competitor, chosen by the enum parameter. */
  interface Codec {
    String issue();

    Object verify(String token);
  }

  public enum Impl {
    CLOUDNATIVE,
    NIMBUS,
    NIMBUS_CACHED
  }

  @Param({"HS256", "ES256", "EDDSA", "PS256", "RS256"})
  public SigningAlgorithm algorithm;

  @Param({"CLOUDNATIVE", "NIMBUS", "NIMBUS_CACHED"})
  public Impl impl;

  private Codec codec;
  private String token;

  private static final String ISS = "https://auth.example.com";
  private static final String AUD = "orders-api";

  @Setup
  public void setUp() {
    SigningKey key = SigningKey.generate(algorithm, "bench-1");
    codec =
        switch (impl) {
          case CLOUDNATIVE -> ours(key);
          case NIMBUS -> nimbus(key, false);
          case NIMBUS_CACHED -> nimbus(key, true);
        };
    token = codec.issue();
    if (codec.verify(token) == null) {
      throw new IllegalStateException("Benchmark token does not verify with " + impl);
    }
  }

  @Benchmark
  public String issue() {
    return codec.issue();
  }

  @Benchmark
  public Object verify() {
    return codec.verify(token);
  }

  private static Codec ours(SigningKey key) {
    Clock clock = Clock.systemUTC();
    TokenService service =
        TokenService.create(
            TokenConfig.custom()
                .issuer(ISS)
                .audience(AUD)
                .accessTokenTtl(Duration.ofHours(1))
                .clock(clock)
                .build(),
            KeyRing.of(key),
            RevocationStore.inMemory(clock),
            RefreshTokenStore.inMemory(clock));
    Set<String> roles = Set.of("editor");
    Set<String> permissions = Set.of("orders:read", "orders:write");
    return new Codec() {
      @Override
      public String issue() {
        return service.issue("alice", roles, permissions).value();
      }

      @Override
      public Object verify(String t) {
        VerificationResult r = service.verify(t);
        return r instanceof VerificationResult.Valid v ? v.claims() : null;
      }
    };
  }

  private static Codec nimbus(SigningKey key, boolean cachedVerifier) {
    SecureRandom random = new SecureRandom();
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    JWKSet set = new JWKSet(key.toJwk());
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(key.algorithm().jws(), new ImmutableJWKSet<>(set)));
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt")));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            Set.of(AUD),
            new JWTClaimsSet.Builder().issuer(ISS).build(),
            Set.of("iss", "sub", "aud", "exp", "iat", "jti"),
            null);
    claims.setMaxClockSkew(30);
    processor.setJWTClaimsSetVerifier(claims);
    if (key.algorithm() == SigningAlgorithm.EDDSA) {
      useJdkEd25519(processor, key);
    }
    // For EdDSA this is the SDK's JDK Ed25519 verifier, not nimbus's (which needs Google Tink):
    // the EdDSA anchor is nimbus's parsing and checks around the same signature primitive as ours.
    JWSVerifier verifier = key.verifier();
    DefaultJOSEObjectTypeVerifier<SecurityContext> type =
        new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"));
    JWSHeader header =
        new JWSHeader.Builder(key.algorithm().jws())
            .keyID(key.keyId())
            .type(new JOSEObjectType("at+jwt"))
            .build();
    return new Codec() {
      @Override
      public String issue() {
        Instant now = Instant.now();
        byte[] jti = new byte[16];
        random.nextBytes(jti);
        JWTClaimsSet c =
            new JWTClaimsSet.Builder()
                .issuer(ISS)
                .subject("alice")
                .audience(AUD)
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .notBeforeTime(Date.from(now))
                .issueTime(Date.from(now))
                .jwtID(Base64URL.encode(jti).toString())
                .claim("roles", List.of("editor"))
                .claim("permissions", List.of("orders:read", "orders:write"))
                .build();
        SignedJWT jwt = new SignedJWT(header, c);
        try {
          jwt.sign(key.signer());
        } catch (JOSEException e) {
          throw new IllegalStateException(e);
        }
        return jwt.serialize();
      }

      @Override
      public Object verify(String t) {
        try {
          if (cachedVerifier) {
            SignedJWT jwt = SignedJWT.parse(t);
            if (!jwt.getHeader().getAlgorithm().equals(key.algorithm().jws())) {
              return null;
            }
            type.verify(jwt.getHeader().getType(), null);
            if (!jwt.verify(verifier)) {
              return null;
            }
            JWTClaimsSet set = jwt.getJWTClaimsSet();
            claims.verify(set, null);
            return set;
          }
          return processor.process(t, null);
        } catch (Exception e) {
          return null;
        }
      }
    };
  }

  /**
   * nimbus's {@code DefaultJWSVerifierFactory} makes its Ed25519 verifier only with Google Tink,
   * which the SDK does not ship; so for EdDSA the processor gets the JDK public key from the key
   * selector and a factory that builds the SDK's JDK Ed25519 verifier per token, as nimbus builds
   * its own verifier per token for the other algorithms.
   */
  private static void useJdkEd25519(
      DefaultJWTProcessor<SecurityContext> processor, SigningKey key) {
    PublicKey publicKey;
    try {
      byte[] x = key.publicJwk().orElseThrow().toOctetKeyPair().getDecodedX();
      // The fixed X.509 SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410), then the key.
      byte[] spki =
          HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(x));
      publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    processor.setJWSKeySelector((header, context) -> List.of(publicKey));
    processor.setJWSVerifierFactory(
        new JWSVerifierFactory() {
          private final JCAContext jca = new JCAContext();

          @Override
          public JWSVerifier createJWSVerifier(JWSHeader header, Key k) {
            return key.toVerificationKey().verifier();
          }

          @Override
          public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return Set.of(JWSAlgorithm.EdDSA);
          }

          @Override
          public JCAContext getJCAContext() {
            return jca;
          }
        });
  }
}
