package dev.cloudnative.security.jwt;

import static dev.cloudnative.security.internal.CanonicalBase64.Alphabet.URL;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.RejectionReason;
import dev.cloudnative.security.RevocationStore;
import dev.cloudnative.security.SigningKey;
import dev.cloudnative.security.TokenClaims;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenVerifier;
import dev.cloudnative.security.VerificationResult;
import dev.cloudnative.security.internal.CanonicalBase64;
import dev.cloudnative.security.internal.SecurityMetrics;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The hardened access-token verifier. It uses nimbus only for header/claims parsing and for the
 * signature primitive, and decides everything else itself, cheapest and most attacker-controlled
 * checks first:
 *
 * <ol>
 *   <li>length cap before any decoding (a 1 MB token costs one {@code length()} call);
 *   <li>exactly three non-empty segments of canonical unpadded base64url (nimbus's decoder skips
 *       illegal characters and ignores non-zero trailing bits, so they are rejected here first);
 *   <li>header: {@code alg=none} in any casing, embedded or remote keys ({@code jwk, jku, x5u,
 *       x5c}) and any {@code crit} other than {@code b64=true} are refused ({@link
 *       CriticalHeaders});
 *   <li>key by {@code kid} only among the ring's keys, and the header's {@code alg} must equal the
 *       one algorithm bound to that key (no RS/HS confusion);
 *   <li>{@code typ}, then the signature, and only then the payload JSON is parsed;
 *   <li>required claims, issuer, audience, {@code exp/nbf/iat} with skew, revocation by {@code jti}
 *       and the subject's cut-off.
 * </ol>
 *
 * Every failure maps to a {@link RejectionReason}; no nimbus exception escapes.
 *
 * <p>Thread-safety: immutable apart from the shared key ring and revocation store, which are
 * thread-safe.
 */
public final class JwtTokenVerifier implements TokenVerifier {

  private final TokenConfig config;
  private final KeyRing keys;
  private final RevocationStore revocations;
  private final long skewMillis;
  private final String[] requiredClaims;
  private final String issuer;
  private final String audience;
  private final String expectedType;
  private final SecurityMetrics metrics;

  public JwtTokenVerifier(TokenConfig config, KeyRing keys, RevocationStore revocations) {
    this.config = Objects.requireNonNull(config, "config");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.skewMillis = config.clockSkew().toMillis();
    this.requiredClaims = config.requiredClaims().stream().sorted().toArray(String[]::new);
    this.issuer = config.issuer();
    this.audience = config.audience().orElse(null);
    this.expectedType = config.expectedType().orElse(null);
    this.metrics = SecurityMetrics.of(config.meterRegistry());
  }

  /** How a token was presented, which decides whether a key-bound ({@code cnf}) token is good. */
  enum Presentation {
    /** {@code Authorization: Bearer}: a key-bound token is refused (RFC 9449 §7.2). */
    BEARER,
    /** With a proof of possession that the caller checks against {@code cnf.jkt}. */
    PROOF_OF_POSSESSION,
    /** Authenticity only (revocation): bound or not. */
    ANY
  }

  @Override
  public VerificationResult verify(String token) {
    return verify(token, true, Presentation.BEARER);
  }

  @Override
  public VerificationResult verifyBound(String token) {
    return verify(token, true, Presentation.PROOF_OF_POSSESSION);
  }

  /**
   * Verifies; with {@code checkLifetime=false} the time and revocation checks are skipped (used to
   * revoke a token, which must be authentic but may be about to expire).
   */
  VerificationResult verify(String token, boolean checkLifetime) {
    return verify(token, checkLifetime, checkLifetime ? Presentation.BEARER : Presentation.ANY);
  }

  VerificationResult verify(String token, boolean checkLifetime, Presentation presentation) {
    if (token == null || token.isEmpty()) {
      return rejected(null, RejectionReason.MALFORMED, "token is empty");
    }
    if (token.length() > config.maxTokenLength()) {
      return rejected(
          null,
          RejectionReason.TOO_LARGE,
          "token has "
              + token.length()
              + " characters; at most "
              + config.maxTokenLength()
              + " are accepted");
    }
    int dot1 = token.indexOf('.');
    int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
    // An empty signature segment passes here so that an unsecured "alg":"none" token is named as
    // such below.
    if (dot1 <= 0 || dot2 <= dot1 + 1 || token.indexOf('.', dot2 + 1) >= 0) {
      return rejected(null, RejectionReason.MALFORMED, "not a compact JWS of three segments");
    }
    if (!CanonicalBase64.isCanonical(token, 0, dot1, URL)
        || !CanonicalBase64.isCanonical(token, dot1 + 1, dot2, URL)
        || !CanonicalBase64.isCanonical(token, dot2 + 1, token.length(), URL)) {
      return rejected(
          null,
          RejectionReason.MALFORMED,
          "a segment is not canonical unpadded base64url (RFC 4648)");
    }
    Base64URL headerPart = new Base64URL(token.substring(0, dot1));
    JWSHeader header;
    try {
      header = JWSHeader.parse(headerPart);
    } catch (ParseException | RuntimeException e) {
      return rejectedHeader(headerPart, e);
    }
    JWSAlgorithm alg = header.getAlgorithm();
    if (alg == null || "none".equalsIgnoreCase(alg.getName())) {
      return rejected(null, RejectionReason.ALGORITHM_NOT_ALLOWED, "alg 'none' is never accepted");
    }
    if (header.getJWK() != null
        || header.getJWKURL() != null
        || header.getX509CertURL() != null
        || header.getX509CertChain() != null) {
      return rejected(
          null,
          RejectionReason.UNTRUSTED_KEY_REFERENCE,
          "header carries a key or key URL (jwk/jku/x5u/x5c); keys come only from configuration");
    }
    Optional<VerificationResult> critical = CriticalHeaders.check(header, headerPart);
    if (critical.isPresent()) {
      if (critical.get() instanceof VerificationResult.Rejected r) {
        metrics.verified(null, r.reason());
      }
      return critical.get();
    }
    Instant now = config.clock().instant();
    String kid = header.getKeyID();
    if (kid != null && kid.isEmpty()) {
      kid = null;
    }
    Optional<SigningKey> found;
    if (kid == null) {
      found = config.requireKeyId() ? Optional.empty() : keys.soleKey(now);
    } else {
      found = keys.verificationKey(kid, now);
    }
    if (found.isEmpty()) {
      return rejected(
          null,
          RejectionReason.UNKNOWN_KEY,
          kid == null ? "token has no kid" : "kid '" + sanitize(kid) + "' is not a configured key");
    }
    SigningKey key = found.get();
    if (!key.algorithm().jws().equals(alg)) {
      return rejected(
          key,
          RejectionReason.ALGORITHM_NOT_ALLOWED,
          "alg "
              + sanitize(alg.getName())
              + " is not "
              + key.algorithm()
              + ", the only algorithm of key '"
              + key.keyId()
              + "'");
    }
    if (expectedType != null && !typeMatches(header.getType(), expectedType)) {
      return rejected(
          key,
          RejectionReason.WRONG_TYPE,
          "typ "
              + (header.getType() == null
                  ? "absent"
                  : "'" + sanitize(header.getType().getType()) + "'")
              + "; expected "
              + expectedType);
    }
    if (dot2 == token.length() - 1) {
      return rejected(key, RejectionReason.BAD_SIGNATURE, "signature is empty");
    }
    try {
      byte[] signingInput = token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
      if (!key.verifier().verify(header, signingInput, new Base64URL(token.substring(dot2 + 1)))) {
        return rejected(
            key,
            RejectionReason.BAD_SIGNATURE,
            "signature does not verify with key '" + key.keyId() + "'");
      }
    } catch (JOSEException | RuntimeException e) {
      return rejected(
          key,
          RejectionReason.BAD_SIGNATURE,
          "signature cannot be checked: " + e.getClass().getSimpleName());
    }
    JWTClaimsSet claims;
    try {
      claims = JWTClaimsSet.parse(new Base64URL(token.substring(dot1 + 1, dot2)).decodeToString());
    } catch (ParseException | RuntimeException e) {
      return rejected(key, RejectionReason.MALFORMED, "claims are not a valid JSON object");
    }
    return checkClaims(claims, key, now, checkLifetime, presentation);
  }

  private VerificationResult checkClaims(
      JWTClaimsSet claims,
      SigningKey key,
      Instant now,
      boolean checkLifetime,
      Presentation presentation) {
    Map<String, Object> all = claims.getClaims();
    for (String name : requiredClaims) {
      if (all.get(name) == null) {
        return rejected(
            key, RejectionReason.MISSING_CLAIM, "required claim '" + name + "' is absent");
      }
    }
    String tokenIssuer = claims.getIssuer();
    if (!issuer.equals(tokenIssuer)) {
      return rejected(
          key,
          RejectionReason.WRONG_ISSUER,
          "iss '" + sanitize(String.valueOf(tokenIssuer)) + "' is not '" + issuer + "'");
    }
    List<String> tokenAudience = claims.getAudience();
    if (audience != null && !tokenAudience.contains(audience)) {
      return rejected(
          key,
          RejectionReason.WRONG_AUDIENCE,
          "aud " + sanitize(tokenAudience.toString()) + " does not contain '" + audience + "'");
    }
    Date exp = claims.getExpirationTime();
    Date nbf = claims.getNotBeforeTime();
    Date iat = claims.getIssueTime();
    long t = now.toEpochMilli();
    if (checkLifetime) {
      if (t >= exp.getTime() + skewMillis) {
        return rejected(
            key,
            RejectionReason.EXPIRED,
            "expired at "
                + exp.toInstant()
                + " (now "
                + now
                + ", skew "
                + Duration.ofMillis(skewMillis).toSeconds()
                + " s)");
      }
      if (nbf != null && t + skewMillis < nbf.getTime()) {
        return rejected(
            key,
            RejectionReason.NOT_YET_VALID,
            "not before " + nbf.toInstant() + " (now " + now + ")");
      }
      if (iat != null && t + skewMillis < iat.getTime()) {
        return rejected(
            key,
            RejectionReason.NOT_YET_VALID,
            "issued in the future at " + iat.toInstant() + " (now " + now + ")");
      }
    }
    List<String> roles;
    List<String> permissions;
    String sid;
    Map<String, Object> cnf;
    String jti;
    try {
      roles = claims.getStringListClaim("roles");
      permissions = claims.getStringListClaim("permissions");
      sid = claims.getStringClaim("sid");
      jti = claims.getJWTID();
      cnf = claims.getJSONObjectClaim("cnf");
    } catch (ParseException | RuntimeException e) {
      return rejected(
          key,
          RejectionReason.MALFORMED,
          "a claim has the wrong type: " + sanitize(e.getMessage()));
    }
    Object jkt = cnf == null ? null : cnf.get("jkt");
    if (jkt != null && !(jkt instanceof String)) {
      return rejected(key, RejectionReason.MALFORMED, "cnf.jkt is not a string");
    }
    if (cnf != null && presentation == Presentation.BEARER) {
      return rejected(
          key,
          RejectionReason.SENDER_CONSTRAINED,
          "token is bound to a key (cnf) and needs a proof of possession, not bearer use");
    }
    String subject = claims.getSubject();
    if (checkLifetime) {
      if (jti != null && revocations.isRevoked(issuer, jti)) {
        return rejected(key, RejectionReason.REVOKED, "jti " + sanitize(jti) + " is revoked");
      }
      if (subject != null && iat != null) {
        Optional<Instant> cutoff = revocations.issuedBeforeCutoff(issuer, subject);
        if (cutoff.isPresent() && iat.toInstant().isBefore(cutoff.get())) {
          return rejected(
              key,
              RejectionReason.REVOKED,
              "tokens of '"
                  + sanitize(subject)
                  + "' issued before "
                  + cutoff.get()
                  + " are revoked");
        }
      }
    }
    metrics.verified(key.algorithm(), null);
    return new VerificationResult.Valid(
        new TokenClaims(
            issuer,
            Optional.ofNullable(subject),
            tokenAudience,
            Optional.ofNullable(jti),
            Optional.ofNullable(iat).map(Date::toInstant),
            Optional.ofNullable(nbf).map(Date::toInstant),
            exp.toInstant(),
            roles == null ? Set.of() : Set.copyOf(roles),
            permissions == null ? Set.of() : Set.copyOf(permissions),
            key.keyId().isEmpty() ? Optional.empty() : Optional.of(key.keyId()),
            Optional.ofNullable(sid),
            Optional.ofNullable((String) jkt)));
  }

  /**
   * Distinguishes {@code alg=none} (which nimbus refuses to parse as a JWS header) from plain
   * garbage.
   */
  private VerificationResult rejectedHeader(Base64URL headerPart, Throwable parseError) {
    try {
      Object alg = JSONObjectUtils.parse(headerPart.decodeToString()).get("alg");
      if (alg instanceof String s && "none".equalsIgnoreCase(s)) {
        return rejected(
            null, RejectionReason.ALGORITHM_NOT_ALLOWED, "alg 'none' is never accepted");
      }
    } catch (ParseException | RuntimeException ignored) {
      // Not even JSON: the original parse error below says so.
    }
    return rejected(
        null,
        RejectionReason.MALFORMED,
        "header is not a valid JWS header: " + sanitize(String.valueOf(parseError.getMessage())));
  }

  private static boolean typeMatches(JOSEObjectType type, String expected) {
    if (type == null) {
      return false;
    }
    String t = type.getType();
    if (t.regionMatches(true, 0, "application/", 0, 12)) {
      t = t.substring(12);
    }
    return t.equalsIgnoreCase(expected);
  }

  /**
   * A rejection, counted; {@code key} is the key the token named, null when it was rejected before
   * one was found.
   */
  private VerificationResult rejected(SigningKey key, RejectionReason reason, String detail) {
    metrics.verified(key == null ? null : key.algorithm(), reason);
    return new VerificationResult.Rejected(reason, detail);
  }

  /** Attacker-chosen strings go into log details only truncated and without control characters. */
  static String sanitize(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 64));
    for (int i = 0; i < s.length() && sb.length() < 64; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > 64 ? sb + "..." : sb.toString();
  }
}
