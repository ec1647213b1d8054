package dev.cloudnative.security.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import dev.cloudnative.security.AccessToken;
import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.RefreshTokenStore;
import dev.cloudnative.security.RevocationStore;
import dev.cloudnative.security.SigningAlgorithm;
import dev.cloudnative.security.SigningKey;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenService;
import dev.cloudnative.security.dpop.DpopConfig;
import dev.cloudnative.security.dpop.DpopProofs;
import dev.cloudnative.security.dpop.DpopRequest;
import dev.cloudnative.security.dpop.DpopResult;
import dev.cloudnative.security.dpop.DpopVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Verifying one DPoP request at a resource server: an ES256 access token bound to the client's key
 * ({@code cnf.jkt}) plus a fresh ES256 proof with {@code ath}, i.e. two signature checks and the
 * RFC 9449 §4.3 checks. {@code CLOUDNATIVE} is {@link DpopVerifier} over the SDK's token verifier;
 * {@code NIMBUS_CACHED} is nimbus-jose-jwt doing the same by hand (nimbus-jose-jwt has no DPoP
 * verifier; that lives in the oauth2-oidc-sdk, which the SDK does not depend on): {@link
 * SignedJWT#parse} for both, the issuer's verifier built once, the proof key's verifier cached by
 * its thumbprint, the {@code at+jwt} type verifier and {@link DefaultJWTClaimsVerifier} with the
 * same required claims, then {@code cnf.jkt}, {@code typ}, {@code htm}, {@code htu}, {@code iat},
 * {@code ath} and a {@code jti} set written out. Each invocation gets a new proof (made outside the
 * measurement, which is in milliseconds for ES256 on this JDK), so neither side sees a replay.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DpopBenchmark {

  public enum Impl {
    CLOUDNATIVE,
    NIMBUS_CACHED
  }

  @Param({"CLOUDNATIVE", "NIMBUS_CACHED"})
  public Impl impl;

  private static final String ISS = "https://auth.example.com";
  private static final String AUD = "orders-api";
  private static final URI ORDERS = URI.create("https://api.example.com/orders");

  private DpopProofs client;
  private String token;
  private String proof;
  private Verifier verifier;

  interface Verifier {
    Object verify(String token, String proof);
  }

  @Setup
  public void setUp() {
    Clock clock = Clock.systemUTC();
    SigningKey issuerKey = SigningKey.generate(SigningAlgorithm.ES256, "bench-1");
    TokenConfig config =
        TokenConfig.custom()
            .issuer(ISS)
            .audience(AUD)
            .accessTokenTtl(Duration.ofHours(1))
            .clock(clock)
            .build();
    TokenService service =
        TokenService.create(
            config,
            KeyRing.of(issuerKey),
            RevocationStore.inMemory(clock),
            RefreshTokenStore.inMemory(clock));
    client = DpopProofs.forKey(SigningKey.generate(SigningAlgorithm.ES256, "client"));
    AccessToken bound =
        service.issue("alice", Set.of("editor"), Set.of("orders:read"), client.thumbprint());
    token = bound.value();
    verifier =
        switch (impl) {
          case CLOUDNATIVE -> ours(service);
          case NIMBUS_CACHED -> nimbus(issuerKey);
        };
    freshProof();
    if (verify() == null) {
      throw new IllegalStateException("Benchmark request does not verify with " + impl);
    }
  }

  @Setup(Level.Invocation)
  public void freshProof() {
    proof = client.proof("GET", ORDERS, token);
  }

  @Benchmark
  public Object verify() {
    return verifier.verify(token, proof);
  }

  private static Verifier ours(TokenService service) {
    DpopVerifier dpop =
        DpopVerifier.create(DpopConfig.custom().replayCacheSize(10_000_000).build(), service);
    return (t, p) -> {
      DpopResult r = dpop.verify(DpopRequest.of("GET", ORDERS, p).withAccessToken(t));
      return r instanceof DpopResult.Valid v ? v : null;
    };
  }

  private static Verifier nimbus(SigningKey issuerKey) {
    JWSVerifier tokenVerifier;
    try {
      tokenVerifier = new ECDSAVerifier(issuerKey.toJwk().toECKey().toPublicJWK());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    DefaultJOSEObjectTypeVerifier<SecurityContext> atJwt =
        new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("at+jwt"));
    DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier =
        new DefaultJWTClaimsVerifier<>(
            Set.of(AUD),
            new JWTClaimsSet.Builder().issuer(ISS).build(),
            Set.of("iss", "sub", "aud", "exp", "iat", "jti"),
            null);
    claimsVerifier.setMaxClockSkew(30);
    JOSEObjectType dpopJwt = new JOSEObjectType("dpop+jwt");
    Map<String, JWSVerifier> proofVerifiers = new ConcurrentHashMap<>();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    return (t, p) -> {
      try {
        SignedJWT at = SignedJWT.parse(t);
        if (!JWSAlgorithm.ES256.equals(at.getHeader().getAlgorithm())
            || !"bench-1".equals(at.getHeader().getKeyID())
            || !at.verify(tokenVerifier)) {
          return null;
        }
        atJwt.verify(at.getHeader().getType(), null);
        JWTClaimsSet claims = at.getJWTClaimsSet();
        claimsVerifier.verify(claims, null);
        Map<String, Object> cnf = claims.getJSONObjectClaim("cnf");
        Object jkt = cnf == null ? null : cnf.get("jkt");

        SignedJWT dp = SignedJWT.parse(p);
        JWSHeader h = dp.getHeader();
        JWK jwk = h.getJWK();
        if (!dpopJwt.equals(h.getType())
            || !JWSAlgorithm.ES256.equals(h.getAlgorithm())
            || !(jwk instanceof ECKey ec)
            || jwk.isPrivate()) {
          return null;
        }
        String thumbprint = jwk.computeThumbprint().toString();
        if (!thumbprint.equals(jkt)) {
          return null;
        }
        JWSVerifier proofVerifier = proofVerifiers.get(thumbprint);
        if (proofVerifier == null) {
          proofVerifier = new ECDSAVerifier(ec);
          proofVerifiers.put(thumbprint, proofVerifier);
        }
        if (!dp.verify(proofVerifier)) {
          return null;
        }
        JWTClaimsSet pc = dp.getJWTClaimsSet();
        long now = System.currentTimeMillis();
        long iat = pc.getIssueTime().getTime();
        String htu = pc.getStringClaim("htu");
        String jti = pc.getJWTID();
        if (!"GET".equals(pc.getStringClaim("htm"))
            || !ORDERS.toString().equals(htu)
            || iat > now + 5_000
            || iat < now - 65_000
            || jti == null
            || !ath(t).equals(pc.getStringClaim("ath"))
            || !seen.add(thumbprint + ' ' + jti)) {
          return null;
        }
        return claims;
      } catch (ParseException | JOSEException | BadJOSEException e) {
        return null;
      }
    };
  }

  private static String ath(String token) {
    try {
      return Base64URL.encode(
              MessageDigest.getInstance("SHA-256")
                  .digest(token.getBytes(StandardCharsets.US_ASCII)))
          .toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
