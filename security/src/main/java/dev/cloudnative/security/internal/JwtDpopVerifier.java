package dev.cloudnative.security.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cloudnative.security.SigningAlgorithm;
import dev.cloudnative.security.TokenClaims;
import dev.cloudnative.security.TokenVerifier;
import dev.cloudnative.security.VerificationResult;
import dev.cloudnative.security.dpop.DpopConfig;
import dev.cloudnative.security.dpop.DpopProof;
import dev.cloudnative.security.dpop.DpopRejection;
import dev.cloudnative.security.dpop.DpopRequest;
import dev.cloudnative.security.dpop.DpopResult;
import dev.cloudnative.security.dpop.DpopVerifier;
import dev.cloudnative.security.dpop.JwkThumbprint;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link DpopVerifier} on nimbus-jose-jwt, which is used only to parse JSON and JWKs and for the
 * signature primitive; every decision is taken here, in the order {@link DpopVerifier} documents.
 *
 * <p>Thread-safety: safe for concurrent use; its own state is the thread-safe replay cache and
 * nonce source, the token verifier is thread-safe by contract.
 */
public final class JwtDpopVerifier implements DpopVerifier {

  private static final String DPOP_TYPE = "dpop+jwt";
  private static final int MAX_JTI_LENGTH = 256;
  private static final List<String> PRIVATE_MEMBERS =
      List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");
  private static final int MIN_RSA_BITS = 2048;
  // Anyone can send a proof: a huge RSA key would make each signature check expensive.
  private static final int MAX_RSA_BITS = 4096;

  private final DpopConfig config;
  private final TokenVerifier tokens;
  private final DpopReplayCache replays;
  private final DpopNonces nonces;
  private final long maxAgeMillis;
  private final long skewMillis;
  private final SecurityMetrics metrics;

  public JwtDpopVerifier(DpopConfig config, TokenVerifier tokens) {
    this.config = Objects.requireNonNull(config, "config");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.maxAgeMillis = config.proofMaxAge().toMillis();
    this.skewMillis = config.clockSkew().toMillis();
    this.metrics = SecurityMetrics.of(config.meterRegistry());
    // A proof is good until iat + maxAge + skew, and iat may be up to skew ahead of our clock.
    this.replays = new DpopReplayCache(config.replayCacheSize(), maxAgeMillis + 2 * skewMillis);
    this.nonces =
        config.requireNonce()
            ? new DpopNonces(config.nonceRotation(), config.nonceGrace(), config.clock())
            : null;
  }

  @Override
  public Optional<String> currentNonce() {
    return nonces == null ? Optional.empty() : Optional.of(nonces.current());
  }

  @Override
  public DpopResult verify(DpopRequest request) {
    DpopResult result = check(request);
    metrics.dpopProof(result instanceof DpopResult.Rejected r ? r.reason() : null);
    return result;
  }

  private DpopResult check(DpopRequest request) {
    Objects.requireNonNull(request, "request");
    if (request.proofs().size() != 1) {
      return rejected(
          DpopRejection.MALFORMED,
          request.proofs().size() + " DPoP headers; exactly one is required");
    }
    String proof = request.proofs().get(0);
    if (proof.length() > config.maxProofLength()) {
      return rejected(
          DpopRejection.MALFORMED,
          "proof has "
              + proof.length()
              + " characters; at most "
              + config.maxProofLength()
              + " are accepted");
    }
    int dot1 = proof.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : proof.indexOf('.', dot1 + 1);
    if (dot1 <= 0
        || dot2 <= dot1 + 1
        || dot2 == proof.length() - 1
        || proof.indexOf('.', dot2 + 1) >= 0
        || !isCanonicalBase64Url(proof, 0, dot1)
        || !isCanonicalBase64Url(proof, dot1 + 1, dot2)
        || !isCanonicalBase64Url(proof, dot2 + 1, proof.length())) {
      return rejected(
          DpopRejection.MALFORMED, "not a compact JWS of three canonical base64url segments");
    }
    Map<String, Object> header;
    try {
      header = JSONObjectUtils.parse(new Base64URL(proof.substring(0, dot1)).decodeToString());
    } catch (ParseException | RuntimeException e) {
      return rejected(DpopRejection.MALFORMED, "header is not a JSON object");
    }
    Object typ = header.get("typ");
    if (!(typ instanceof String t) || !t.equalsIgnoreCase(DPOP_TYPE)) {
      return rejected(
          DpopRejection.WRONG_TYPE,
          "typ " + (typ == null ? "absent" : "'" + sanitize(typ) + "'") + "; expected dpop+jwt");
    }
    Object algName = header.get("alg");
    SigningAlgorithm alg = null;
    for (SigningAlgorithm a : config.algorithms()) {
      if (a.jws().getName().equals(algName)) {
        alg = a;
      }
    }
    if (alg == null) {
      return rejected(
          DpopRejection.ALGORITHM_NOT_ALLOWED,
          "alg " + sanitize(algName) + " is not one of " + config.algorithms());
    }
    if (header.containsKey("crit")) {
      return rejected(DpopRejection.MALFORMED, "crit parameters are not supported in proofs");
    }
    if (!(header.get("jwk") instanceof Map<?, ?> jwkObject)) {
      return rejected(DpopRejection.BAD_KEY, "jwk header is absent or not an object");
    }
    for (String member : PRIVATE_MEMBERS) {
      if (jwkObject.containsKey(member)) {
        return rejected(DpopRejection.BAD_KEY, "jwk header carries private or secret key material");
      }
    }
    JWK jwk;
    JWSVerifier verifier;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> members = (Map<String, Object>) jwkObject;
      jwk = JWK.parse(members);
      Optional<String> misfit = misfit(jwk, alg);
      if (misfit.isPresent()) {
        return rejected(DpopRejection.BAD_KEY, misfit.get());
      }
      verifier =
          alg == SigningAlgorithm.ES256
              ? new ECDSAVerifier(jwk.toECKey())
              : new RSASSAVerifier(jwk.toRSAKey());
    } catch (ParseException | JOSEException | RuntimeException e) {
      return rejected(DpopRejection.BAD_KEY, "jwk header is not a usable public key");
    }
    try {
      byte[] signingInput = proof.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
      if (!verifier.verify(
          new JWSHeader(alg.jws()), signingInput, new Base64URL(proof.substring(dot2 + 1)))) {
        return rejected(DpopRejection.BAD_SIGNATURE, "signature does not verify with the jwk");
      }
    } catch (JOSEException | RuntimeException e) {
      return rejected(
          DpopRejection.BAD_SIGNATURE,
          "signature cannot be checked: " + e.getClass().getSimpleName());
    }
    return checkClaims(request, proof.substring(dot1 + 1, dot2), jwk);
  }

  private DpopResult checkClaims(DpopRequest request, String payload, JWK jwk) {
    JWTClaimsSet claims;
    String jti;
    String htm;
    String htu;
    Date iat;
    String nonce;
    String ath;
    try {
      claims = JWTClaimsSet.parse(new Base64URL(payload).decodeToString());
      jti = claims.getJWTID();
      htm = claims.getStringClaim("htm");
      htu = claims.getStringClaim("htu");
      iat = claims.getIssueTime();
      nonce = claims.getStringClaim("nonce");
      ath = claims.getStringClaim("ath");
    } catch (ParseException | RuntimeException e) {
      return rejected(DpopRejection.MALFORMED, "claims are not a valid JSON object of the types");
    }
    String missing =
        jti == null || jti.isEmpty()
            ? "jti"
            : htm == null ? "htm" : htu == null ? "htu" : iat == null ? "iat" : null;
    if (missing != null) {
      return rejected(DpopRejection.MISSING_CLAIM, "required claim '" + missing + "' is absent");
    }
    if (jti.length() > MAX_JTI_LENGTH) {
      return rejected(
          DpopRejection.MALFORMED, "jti of " + jti.length() + " characters; at most 256");
    }
    if (!htm.equals(request.method())) {
      return rejected(
          DpopRejection.WRONG_METHOD,
          "htm '" + sanitize(htm) + "' is not the request method " + request.method());
    }
    Optional<String> expectedUri = HttpUris.normalized(request.uri().toString());
    Optional<String> proofUri = HttpUris.normalized(htu);
    if (expectedUri.isEmpty() || !expectedUri.equals(proofUri)) {
      return rejected(
          DpopRejection.WRONG_URI,
          "htu '"
              + sanitize(htu)
              + "' is not the request URI "
              + expectedUri.orElse("(not an http(s) URI)"));
    }
    Instant now = config.clock().instant();
    long t = now.toEpochMilli();
    long issued = iat.getTime();
    if (issued > t + skewMillis) {
      return rejected(
          DpopRejection.ISSUED_IN_FUTURE,
          "iat " + iat.toInstant() + " is in the future (now " + now + ")");
    }
    if (issued < t - maxAgeMillis - skewMillis) {
      return rejected(
          DpopRejection.TOO_OLD,
          "iat "
              + iat.toInstant()
              + " is older than "
              + config.proofMaxAge().toSeconds()
              + " s (now "
              + now
              + ")");
    }
    if (nonces != null) {
      if (nonce == null) {
        return useNonce("this server requires a nonce in DPoP proofs");
      }
      if (!nonces.accepts(nonce)) {
        return useNonce("the proof's nonce is not current");
      }
    }
    String thumbprint = JwkThumbprint.sha256(jwk);
    Optional<TokenClaims> tokenClaims = Optional.empty();
    if (request.accessToken().isPresent()) {
      String token = request.accessToken().get();
      if (ath == null) {
        return rejected(
            DpopRejection.MISSING_CLAIM, "required claim 'ath' is absent (an access token came)");
      }
      if (!MessageDigest.isEqual(
          ath.getBytes(StandardCharsets.UTF_8),
          DpopHashes.accessTokenHash(token).getBytes(StandardCharsets.UTF_8))) {
        return rejected(
            DpopRejection.WRONG_ACCESS_TOKEN_HASH, "ath is not the hash of the access token");
      }
      VerificationResult result = tokens.verifyBound(token);
      if (result instanceof VerificationResult.Rejected r) {
        return new DpopResult.Rejected(
            DpopRejection.INVALID_TOKEN,
            "access token rejected: " + r.detail(),
            Optional.of(r.reason()),
            Optional.empty());
      }
      TokenClaims c = ((VerificationResult.Valid) result).claims();
      if (c.boundKeyThumbprint().isEmpty()) {
        return rejected(
            DpopRejection.TOKEN_NOT_BOUND, "access token has no cnf.jkt; it is a bearer token");
      }
      if (!MessageDigest.isEqual(
          c.boundKeyThumbprint().get().getBytes(StandardCharsets.UTF_8),
          thumbprint.getBytes(StandardCharsets.UTF_8))) {
        return rejected(
            DpopRejection.KEY_MISMATCH,
            "access token is bound to key "
                + sanitize(c.boundKeyThumbprint().get())
                + ", the proof is signed by "
                + thumbprint);
      }
      tokenClaims = Optional.of(c);
    }
    // Last, so that only requests which passed every other check take a place in the cache.
    switch (replays.remember(thumbprint + ' ' + jti, t)) {
      case SEEN:
        return rejected(DpopRejection.REPLAYED, "jti " + sanitize(jti) + " was already used");
      case FULL:
        return rejected(
            DpopRejection.REPLAY_CACHE_FULL,
            config.replayCacheSize() + " unexpired proofs are remembered; cannot check replay");
      default:
        break;
    }
    return new DpopResult.Valid(
        new DpopProof(thumbprint, jwk, jti, iat.toInstant(), htm, htu, Optional.ofNullable(nonce)),
        tokenClaims);
  }

  private DpopResult useNonce(String detail) {
    return new DpopResult.Rejected(
        DpopRejection.USE_NONCE, detail, Optional.empty(), Optional.of(nonces.current()));
  }

  /** Why {@code jwk} cannot verify {@code alg}, if it cannot. */
  private static Optional<String> misfit(JWK jwk, SigningAlgorithm alg) {
    if (alg == SigningAlgorithm.ES256) {
      if (!(jwk instanceof ECKey ec)) {
        return Optional.of("jwk of type " + jwk.getKeyType() + " cannot verify ES256");
      }
      if (!Curve.P_256.equals(ec.getCurve())) {
        return Optional.of("jwk on curve " + ec.getCurve() + "; ES256 needs P-256");
      }
      return Optional.empty();
    }
    if (!(jwk instanceof RSAKey rsa)) {
      return Optional.of("jwk of type " + jwk.getKeyType() + " cannot verify " + alg);
    }
    if (rsa.size() < MIN_RSA_BITS || rsa.size() > MAX_RSA_BITS) {
      return Optional.of("RSA jwk of " + rsa.size() + " bits; allowed 2048 .. 4096");
    }
    return Optional.empty();
  }

  /** Strict unpadded base64url whose unused trailing bits are zero (one spelling per value). */
  private static boolean isCanonicalBase64Url(String s, int from, int to) {
    int last = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        last = c - 'A';
      } else if (c >= 'a' && c <= 'z') {
        last = c - 'a' + 26;
      } else if (c >= '0' && c <= '9') {
        last = c - '0' + 52;
      } else if (c == '-') {
        last = 62;
      } else if (c == '_') {
        last = 63;
      } else {
        return false;
      }
    }
    return switch ((to - from) % 4) {
      case 1 -> false;
      case 2 -> (last & 0x0F) == 0;
      case 3 -> (last & 0x03) == 0;
      default -> true;
    };
  }

  private static DpopResult rejected(DpopRejection reason, String detail) {
    return new DpopResult.Rejected(reason, detail, Optional.empty(), Optional.empty());
  }

  /** Attacker-chosen values go into details only truncated and without control characters. */
  private static String sanitize(Object o) {
    String s = String.valueOf(o);
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 64));
    for (int i = 0; i < s.length() && sb.length() < 64; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > 64 ? sb + "..." : sb.toString();
  }
}
