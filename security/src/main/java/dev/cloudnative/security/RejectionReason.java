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
   * Not three base64url segments, invalid base64url, invalid or too deeply nested JSON, wrong claim
   * types.
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
  /** No {@code kid}, or a {@code kid} that is not a configured, unretired key. */
  UNKNOWN_KEY,
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
  UNKNOWN_TOKEN
}
