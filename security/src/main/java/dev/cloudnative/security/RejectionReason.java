package dev.cloudnative.security;

/**
 * Why a token was rejected. Reasons are for logs and metrics; clients should receive only a generic
 * 401.
 *
 * <p>Thread-safety: immutable.
 */
public enum RejectionReason {
  /** Longer than the configured cap; rejected before any decoding. */
  TOO_LARGE,
  /**
   * Not three base64url segments, a segment that is not canonical unpadded base64url ({@code =},
   * characters outside the alphabet, non-zero unused bits in the last character: one token has one
   * spelling), invalid or too deeply nested JSON, wrong claim types, a {@code crit} that RFC 7515
   * §4.1.11 forbids (empty, duplicates, absent names), {@code b64=false} not listed in {@code crit}
   * (RFC 7797 §6).
   */
  MALFORMED,
  /** {@code alg} is {@code none} (any casing), unknown, or not the algorithm bound to the key. */
  ALGORITHM_NOT_ALLOWED,
  /**
   * The header carries a key or key reference ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}).
   */
  UNTRUSTED_KEY_REFERENCE,
  /** The header lists {@code crit} parameters this verifier does not understand. */
  UNSUPPORTED_CRITICAL_HEADER,
  /**
   * {@code b64=false} with {@code crit}: a valid RFC 7797 unencoded payload, which the SDK never
   * issues and does not accept.
   */
  UNSUPPORTED_PAYLOAD_ENCODING,
  /** No {@code kid}, or a {@code kid} that is not a configured, unretired key. */
  UNKNOWN_KEY,
  /**
   * No verification keys are available: a remote key set ({@link RemoteJwks}) was never fetched, or
   * its cached copy is past its stale-if-error bound while the issuer is unreachable.
   */
  KEY_SET_UNAVAILABLE,
  /** The signature does not verify. */
  BAD_SIGNATURE,
  /** The {@code typ} header is not the expected one (e.g. not {@code at+jwt}). */
  WRONG_TYPE,
  /** A required claim is absent. */
  MISSING_CLAIM,
  WRONG_ISSUER,
  WRONG_AUDIENCE,
  /** {@code exp} is past, beyond the clock skew. */
  EXPIRED,
  /** {@code nbf} or {@code iat} is in the future, beyond the clock skew. */
  NOT_YET_VALID,
  /**
   * The {@code jti} was revoked, the subject's tokens were cut off, or the refresh-token family is
   * revoked.
   */
  REVOKED,
  /** A refresh token was presented a second time: its whole family is now revoked. */
  REFRESH_TOKEN_REUSED,
  /** A refresh token that this service never issued (or has forgotten). */
  UNKNOWN_TOKEN,
  /**
   * The token is bound to a key ({@code cnf}, RFC 9449 DPoP) but was presented as a bearer token;
   * it is accepted only with a proof of possession ({@code dev.cloudnative.security.dpop}), so that
   * a stolen bound token cannot be downgraded to bearer use (RFC 9449 §7.2).
   */
  SENDER_CONSTRAINED,
  /**
   * A refresh token whose subject no longer has an account (deleted since login): the session is
   * revoked.
   */
  ACCOUNT_DELETED,
  /** A refresh token whose subject's account is disabled: the session is revoked. */
  ACCOUNT_DISABLED
}
