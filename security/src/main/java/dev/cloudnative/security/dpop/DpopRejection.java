package dev.cloudnative.security.dpop;

/**
 * Why a DPoP request was refused. A DPoP-specific enum rather than more {@link
 * dev.cloudnative.security.RejectionReason} constants: the proof is a second object beside the
 * access token, its failures answer with different RFC 9449 error codes ({@link #errorCode()}), and
 * one of them ({@link #USE_NONCE}) is not a rejection of the client but a request to retry.
 * Failures of the access token itself are {@link #INVALID_TOKEN} with the token's own reason in
 * {@link DpopResult.Rejected#tokenReason()}.
 *
 * <p>Thread-safety: immutable.
 */
public enum DpopRejection {
  /**
   * No {@code DPoP} header, more than one, longer than the cap, not a compact JWS of strict
   * base64url, not JSON, a claim of the wrong type, or unknown {@code crit} parameters.
   */
  MALFORMED,
  /** The {@code typ} header is absent or not {@code dpop+jwt}. */
  WRONG_TYPE,
  /** {@code alg} is {@code none}, symmetric (HMAC), or not among the configured algorithms. */
  ALGORITHM_NOT_ALLOWED,
  /**
   * The {@code jwk} header is absent, holds private key material, is symmetric, or does not fit
   * {@code alg} (wrong key type, curve, or an RSA key outside 2048 .. 4096 bits).
   */
  BAD_KEY,
  /** The signature does not verify with the {@code jwk} of the header. */
  BAD_SIGNATURE,
  /**
   * {@code jti}, {@code htm}, {@code htu}, {@code iat}, or {@code ath} (with a token) is absent.
   */
  MISSING_CLAIM,
  /** {@code htm} is not the request's method. */
  WRONG_METHOD,
  /** {@code htu} is not the request's URI (query and fragment ignored, RFC 3986 normalised). */
  WRONG_URI,
  /** {@code iat} is older than the configured proof age plus clock skew. */
  TOO_OLD,
  /** {@code iat} is further in the future than the clock skew. */
  ISSUED_IN_FUTURE,
  /** The same {@code jti} was already accepted for this key within the proof window. */
  REPLAYED,
  /**
   * The replay cache is full of unexpired proofs, so a replay could not be detected: refused rather
   * than accepted unchecked. Only proofs that passed every other check (with a valid bound token)
   * take a place, so filling it needs that many genuine requests.
   */
  REPLAY_CACHE_FULL,
  /** {@code ath} is not base64url(SHA-256(access token)). */
  WRONG_ACCESS_TOKEN_HASH,
  /**
   * The server requires a nonce and the proof has none, or one that is no longer current; {@link
   * DpopResult.Rejected#nonce()} carries the one to send in {@code DPoP-Nonce}.
   */
  USE_NONCE,
  /** The access token was rejected; see {@link DpopResult.Rejected#tokenReason()}. */
  INVALID_TOKEN,
  /** The access token is valid but bound to no key ({@code cnf.jkt}): a bearer token. */
  TOKEN_NOT_BOUND,
  /** The proof's key is not the key the access token is bound to ({@code cnf.jkt}). */
  KEY_MISMATCH;

  /**
   * The RFC 9449 §7.1 / RFC 6750 error code for {@code WWW-Authenticate}: {@code use_dpop_nonce},
   * {@code invalid_token} for failures of the access token or its binding, else {@code
   * invalid_dpop_proof}.
   */
  public String errorCode() {
    return switch (this) {
      case USE_NONCE -> "use_dpop_nonce";
      case INVALID_TOKEN, TOKEN_NOT_BOUND, KEY_MISMATCH -> "invalid_token";
      default -> "invalid_dpop_proof";
    };
  }
}
