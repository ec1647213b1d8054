package dev.cloudnative.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cloudnative.security.AccessToken;
import dev.cloudnative.security.InvalidConfigurationException;
import dev.cloudnative.security.InvalidTokenException;
import dev.cloudnative.security.KeyRing;
import dev.cloudnative.security.Rbac;
import dev.cloudnative.security.RefreshTokenRecord;
import dev.cloudnative.security.RefreshTokenStore;
import dev.cloudnative.security.RejectionReason;
import dev.cloudnative.security.RevocationStore;
import dev.cloudnative.security.SecurityModuleException;
import dev.cloudnative.security.SigningKey;
import dev.cloudnative.security.TokenClaims;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.security.TokenPair;
import dev.cloudnative.security.TokenService;
import dev.cloudnative.security.UserStore;
import dev.cloudnative.security.VerificationResult;
import dev.cloudnative.security.internal.RefreshGrants;
import dev.cloudnative.security.internal.SecurityMetrics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link TokenService} on nimbus-jose-jwt. Access tokens are RFC 9068 JWTs; refresh tokens are
 * opaque 256-bit random strings stored only as SHA-256 digests, rotated on every use, grouped in
 * families (one per login) with an absolute session lifetime. Reuse of a consumed refresh token is
 * taken as theft: the family and the access tokens issued under it are revoked.
 *
 * <p>A subject cut-off ({@link #revokeAll}) invalidates tokens with {@code iat} before it. Because
 * {@code iat} has whole-second precision, tokens issued in the same second after a cut-off get
 * {@code iat} rounded up to the cut-off, so that a fresh login right after a password change is not
 * rejected.
 *
 * <p>Thread-safety: safe for concurrent use; all state lives in the thread-safe key ring and
 * stores.
 */
public final class JwtTokenService implements TokenService {

  private static final Logger LOG = LoggerFactory.getLogger(JwtTokenService.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JOSEObjectType AT_JWT = new JOSEObjectType(TokenConfig.ACCESS_TOKEN_TYPE);
  private static final int REFRESH_TOKEN_CHARS = 43;
  private static final Pattern JWK_THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final TokenConfig config;
  private final KeyRing keys;
  private final RevocationStore revocations;
  private final RefreshTokenStore refreshTokens;
  private final RefreshGrants grants;
  private final JwtTokenVerifier verifier;
  private final String audience;
  private final SecurityMetrics metrics;
  private final ObservationRegistry observations;

  /** A service whose refreshed tokens keep the roles and permissions given at login. */
  public JwtTokenService(
      TokenConfig config,
      KeyRing keys,
      RevocationStore revocations,
      RefreshTokenStore refreshTokens) {
    this(config, keys, revocations, refreshTokens, RefreshGrants.fromLogin());
  }

  /**
   * A service that reads the subject's account from {@code users} at every refresh: the refreshed
   * token carries the account's current roles and their permissions in {@code rbac}, and a deleted
   * or disabled account cannot refresh ({@link RejectionReason#ACCOUNT_DELETED}, {@link
   * RejectionReason#ACCOUNT_DISABLED}; the session is revoked).
   */
  public JwtTokenService(
      TokenConfig config,
      KeyRing keys,
      RevocationStore revocations,
      RefreshTokenStore refreshTokens,
      UserStore users,
      Rbac rbac) {
    this(config, keys, revocations, refreshTokens, RefreshGrants.fromAccounts(users, rbac));
  }

  private JwtTokenService(
      TokenConfig config,
      KeyRing keys,
      RevocationStore revocations,
      RefreshTokenStore refreshTokens,
      RefreshGrants grants) {
    this.grants = grants;
    this.config = Objects.requireNonNull(config, "config");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.revocations = Objects.requireNonNull(revocations, "revocations");
    this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
    this.audience =
        config
            .audience()
            .orElseThrow(
                () ->
                    new InvalidConfigurationException(
                        "A token service needs an audience to write into its tokens"));
    if (config.expectedType().isEmpty() || !config.requireKeyId()) {
      throw new InvalidConfigurationException(
          "A token service issues typed tokens with kid; its config must "
              + "keep expectedType(at+jwt) and requireKeyId(true)");
    }
    keys.activeKey();
    this.verifier = new JwtTokenVerifier(config, keys, revocations);
    this.metrics = SecurityMetrics.of(config.meterRegistry());
    this.observations = config.observationRegistry();
  }

  @Override
  public AccessToken issue(String subject, Set<String> roles, Set<String> permissions) {
    return issueAccess(subject, roles, permissions, null, null);
  }

  @Override
  public AccessToken issue(
      String subject, Set<String> roles, Set<String> permissions, String jwkThumbprint) {
    Objects.requireNonNull(jwkThumbprint, "jwkThumbprint");
    if (!JWK_THUMBPRINT.matcher(jwkThumbprint).matches()) {
      throw new IllegalArgumentException(
          "jwkThumbprint of "
              + jwkThumbprint.length()
              + " characters is not a SHA-256 JWK thumbprint; allowed: 43 base64url characters");
    }
    return issueAccess(subject, roles, permissions, null, jwkThumbprint);
  }

  @Override
  public VerificationResult verify(String token) {
    return verifier.verify(token);
  }

  @Override
  public VerificationResult verifyBound(String token) {
    return verifier.verifyBound(token);
  }

  @Override
  public TokenPair login(String subject, Set<String> roles, Set<String> permissions) {
    Instant now = config.clock().instant();
    return newPair(
        subject, roles, permissions, randomToken(16), now.plus(config.sessionMaxLifetime()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Counted in {@code security.token.refreshes} by outcome and observed as {@code
   * security.token.refresh} (unless the observation registry is a no-op).
   */
  @Override
  public TokenPair refresh(String refreshToken) {
    Observation observation =
        observations.isNoop()
            ? null
            : Observation.createNotStarted("security.token.refresh", observations).start();
    try {
      TokenPair next = exchange(refreshToken);
      metrics.refreshed(null);
      if (observation != null) {
        observation.lowCardinalityKeyValue("outcome", "success");
      }
      return next;
    } catch (InvalidTokenException e) {
      metrics.refreshed(e.reason());
      if (observation != null) {
        observation.lowCardinalityKeyValue("outcome", e.reason().name().toLowerCase(Locale.ROOT));
        observation.error(e);
      }
      throw e;
    } catch (RuntimeException e) {
      // a store failure, not a refusal: not a refresh outcome, but the span says what broke
      if (observation != null) {
        observation.lowCardinalityKeyValue("outcome", "failure");
        observation.error(e);
      }
      throw e;
    } finally {
      if (observation != null) {
        observation.stop();
      }
    }
  }

  private TokenPair exchange(String refreshToken) {
    String hash = hashRefreshToken(refreshToken);
    RefreshTokenRecord record =
        refreshTokens
            .find(hash)
            .orElseThrow(
                () ->
                    new InvalidTokenException(
                        RejectionReason.UNKNOWN_TOKEN, "refresh token was not issued here"));
    Instant now = config.clock().instant();
    if (refreshTokens.isFamilyRevoked(record.familyId())) {
      throw new InvalidTokenException(
          RejectionReason.REVOKED, "session " + record.familyId() + " is revoked");
    }
    Optional<Instant> cutoff = revocations.issuedBeforeCutoff(config.issuer(), record.subject());
    if (cutoff.isPresent() && record.issuedAt().isBefore(cutoff.get())) {
      revokeFamily(record.familyId());
      throw new InvalidTokenException(
          RejectionReason.REVOKED,
          "tokens of '" + record.subject() + "' issued before " + cutoff.get() + " are revoked");
    }
    if (!now.isBefore(record.expiresAt()) || !now.isBefore(record.sessionExpiresAt())) {
      throw new InvalidTokenException(
          RejectionReason.EXPIRED,
          "refresh token expired at "
              + (record.expiresAt().isBefore(record.sessionExpiresAt())
                  ? record.expiresAt()
                  : record.sessionExpiresAt()));
    }
    if (!refreshTokens.markUsed(hash)) {
      revokeFamily(record.familyId());
      LOG.warn(
          "Refresh token reuse for subject '{}' in session {}: the session is revoked",
          record.subject(),
          record.familyId());
      throw new InvalidTokenException(
          RejectionReason.REFRESH_TOKEN_REUSED,
          "refresh token was already used; session " + record.familyId() + " is revoked");
    }
    // after markUsed, so that a reused token is reported as reuse whatever the account's state
    RefreshTokenRecord current;
    try {
      current = grants.current(record);
    } catch (InvalidTokenException gone) {
      revokeFamily(record.familyId());
      throw gone;
    }
    TokenPair next =
        newPair(
            record.subject(),
            current.roles(),
            current.permissions(),
            record.familyId(),
            record.sessionExpiresAt());
    if (refreshTokens.isFamilyRevoked(record.familyId())) {
      // A reuse elsewhere revoked the family while this pair was being made: its access token must
      // die too.
      revocations.revoke(
          config.issuer(),
          next.accessToken().jwtId(),
          next.accessToken().expiresAt().plus(config.clockSkew()));
      throw new InvalidTokenException(
          RejectionReason.REVOKED, "session " + record.familyId() + " was revoked concurrently");
    }
    return next;
  }

  @Override
  public void revoke(String accessToken) {
    VerificationResult result = verifier.verify(accessToken, false);
    if (result instanceof VerificationResult.Rejected r) {
      throw new InvalidTokenException(r.reason(), r.detail());
    }
    TokenClaims claims = ((VerificationResult.Valid) result).claims();
    String jti =
        claims
            .jwtId()
            .orElseThrow(
                () ->
                    new InvalidTokenException(
                        RejectionReason.MISSING_CLAIM, "token has no jti to revoke"));
    Instant keepUntil = claims.expiresAt().plus(config.clockSkew());
    if (keepUntil.isAfter(config.clock().instant())) {
      revocations.revoke(claims.issuer(), jti, keepUntil);
      metrics.revoked(SecurityMetrics.Revoked.ACCESS);
    }
  }

  @Override
  public void logout(String refreshToken) {
    refreshTokens
        .find(hashRefreshToken(refreshToken))
        .ifPresent(
            r -> {
              revokeFamily(r.familyId());
              metrics.revoked(SecurityMetrics.Revoked.SESSION);
            });
  }

  @Override
  public void revokeAll(String subject) {
    Instant now = config.clock().instant();
    Duration longest =
        config.sessionMaxLifetime().compareTo(config.accessTokenTtl()) > 0
            ? config.sessionMaxLifetime()
            : config.accessTokenTtl();
    revocations.revokeIssuedBefore(
        config.issuer(), subject, now, now.plus(longest).plus(config.clockSkew()));
    for (RefreshTokenRecord r : refreshTokens.revokeSubject(subject)) {
      revocations.revoke(
          config.issuer(), r.accessJwtId(), r.accessExpiresAt().plus(config.clockSkew()));
    }
    metrics.revoked(SecurityMetrics.Revoked.SUBJECT);
  }

  @Override
  public void rotateSigningKey(SigningKey next) {
    Instant now = config.clock().instant();
    keys.rotate(next, now.plus(config.accessTokenTtl()).plus(config.clockSkew()).plusSeconds(1));
    keys.pruneRetired(now);
  }

  @Override
  public String publicJwks() {
    return keys.publicJwks(config.clock().instant());
  }

  private TokenPair newPair(
      String subject,
      Set<String> roles,
      Set<String> permissions,
      String familyId,
      Instant sessionExpiresAt) {
    AccessToken access = issueAccess(subject, roles, permissions, familyId, null);
    String refresh = randomToken(32);
    Instant now = config.clock().instant();
    Instant expiresAt = now.plus(config.refreshTokenTtl());
    if (expiresAt.isAfter(sessionExpiresAt)) {
      expiresAt = sessionExpiresAt;
    }
    refreshTokens.save(
        new RefreshTokenRecord(
            sha256Hex(refresh),
            familyId,
            subject,
            roles,
            permissions,
            access.issuedAt(),
            expiresAt,
            sessionExpiresAt,
            access.jwtId(),
            access.expiresAt()));
    metrics.issued(SecurityMetrics.Issued.REFRESH, null);
    return new TokenPair(access, refresh, expiresAt);
  }

  private AccessToken issueAccess(
      String subject,
      Set<String> roles,
      Set<String> permissions,
      String familyId,
      String jwkThumbprint) {
    Objects.requireNonNull(subject, "subject");
    if (subject.isBlank() || subject.length() > 256) {
      throw new IllegalArgumentException(
          "subject of "
              + subject.length()
              + " characters"
              + (subject.isBlank() ? " (blank)" : "")
              + " is invalid; allowed 1..256 characters, not all blank");
    }
    SigningKey key = keys.activeKey();
    Instant now = config.clock().instant();
    Instant nowSeconds = now.truncatedTo(ChronoUnit.SECONDS);
    Instant issuedAt = nowSeconds;
    Optional<Instant> cutoff = revocations.issuedBeforeCutoff(config.issuer(), subject);
    if (cutoff.isPresent() && issuedAt.isBefore(cutoff.get())) {
      Instant roundedUp = cutoff.get().truncatedTo(ChronoUnit.SECONDS);
      issuedAt = roundedUp.isBefore(cutoff.get()) ? roundedUp.plusSeconds(1) : roundedUp;
    }
    Instant expiresAt = nowSeconds.plus(config.accessTokenTtl());
    String jti = randomToken(16);
    JWSHeader header =
        new JWSHeader.Builder(key.algorithm().jws()).keyID(key.keyId()).type(AT_JWT).build();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(config.issuer())
            .subject(subject)
            .audience(audience)
            .expirationTime(Date.from(expiresAt))
            .notBeforeTime(Date.from(nowSeconds))
            .issueTime(Date.from(issuedAt))
            .jwtID(jti)
            .claim("roles", new TreeSet<>(roles).stream().toList())
            .claim("permissions", new TreeSet<>(permissions).stream().toList());
    if (familyId != null) {
      claims.claim("sid", familyId);
    }
    if (jwkThumbprint != null) {
      claims.claim("cnf", Map.of("jkt", jwkThumbprint));
    }
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(key.signer());
    } catch (JOSEException e) {
      throw new SecurityModuleException(
          "Signing with key '" + key.keyId() + "' failed: " + e.getMessage(), e);
    }
    metrics.issued(
        jwkThumbprint == null ? SecurityMetrics.Issued.ACCESS : SecurityMetrics.Issued.DPOP_ACCESS,
        key.algorithm());
    return new AccessToken(
        jwt.serialize(),
        jti,
        subject,
        issuedAt,
        expiresAt,
        key.keyId(),
        Optional.ofNullable(jwkThumbprint));
  }

  private void revokeFamily(String familyId) {
    for (RefreshTokenRecord r : refreshTokens.revokeFamily(familyId)) {
      revocations.revoke(
          config.issuer(), r.accessJwtId(), r.accessExpiresAt().plus(config.clockSkew()));
    }
  }

  private static String hashRefreshToken(String refreshToken) {
    if (refreshToken == null
        || refreshToken.length() != REFRESH_TOKEN_CHARS
        || !refreshToken
            .chars()
            .allMatch(
                c ->
                    (c >= 'A' && c <= 'Z')
                        || (c >= 'a' && c <= 'z')
                        || (c >= '0' && c <= '9')
                        || c == '-'
                        || c == '_')) {
      throw new InvalidTokenException(
          RejectionReason.MALFORMED, "not a refresh token of this service");
    }
    return sha256Hex(refreshToken);
  }

  private static String sha256Hex(String s) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new SecurityModuleException("SHA-256 is unavailable in this JDK", e);
    }
  }

  private static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64URL.encode(b).toString();
  }
}
