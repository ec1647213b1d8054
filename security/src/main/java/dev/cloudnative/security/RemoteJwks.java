package dev.cloudnative.security;

import dev.cloudnative.security.jwt.HttpRemoteJwks;
import java.net.URI;
import java.util.Optional;

/**
 * An issuer's key set fetched from its JWKS URL, cached and refreshed: the key source of a resource
 * server that verifies another service's tokens ({@link TokenVerifier#create(TokenConfig,
 * RemoteJwks, RevocationStore)}).
 *
 * <ul>
 *   <li>A fetched set is fresh for its {@code Cache-Control: max-age} (else {@code Expires}, else
 *       the default), clamped to the configured bounds; {@code no-store}/{@code no-cache} mean the
 *       minimum. Once stale, the next lookup starts a refresh in the background and keeps using the
 *       current keys meanwhile.
 *   <li>A token with an unknown {@code kid} asks for a refresh ({@link #refreshForUnknownKey}); no
 *       two fetches start within the configured rate limit, and concurrent callers share the one in
 *       flight, so a flood of made-up {@code kid}s cannot hammer the issuer.
 *   <li>When a refresh fails (refused connection, non-200, timeout, oversized or malformed
 *       document) the cached keys keep serving, up to the stale-if-error bound past their
 *       freshness; the failure is logged at WARN and shown in {@link #status()}.
 * </ul>
 *
 * <p>Lifecycle: {@link #connect} starts the first fetch in the background. {@link #close()} is
 * idempotent; any other call after it throws {@link IllegalStateException}.
 *
 * <p>Thread-safety: implementations are safe for concurrent use; lookups read an immutable snapshot
 * through one volatile read, without locks.
 */
public interface RemoteJwks extends AutoCloseable {

  /** A key set fetched over {@link java.net.http.HttpClient} as {@code config} says. */
  static RemoteJwks connect(RemoteJwksConfig config) {
    return HttpRemoteJwks.connect(config);
  }

  /** The JWKS URL. */
  URI uri();

  /**
   * The keys of the last successful fetch, unless they are older than their freshness plus the
   * stale-if-error bound; empty if none was ever fetched. Never blocks: a stale set starts a
   * background refresh (subject to the rate limit) and is returned meanwhile.
   */
  Optional<KeyRing> currentKeys();

  /**
   * Asks for a refresh because a token named a key that is not in {@link #currentKeys()}: starts
   * one unless another is in flight (then joins it) or the rate limit forbids it (then returns at
   * once), waits for it up to the timeout, and returns the keys then current.
   */
  Optional<KeyRing> refreshForUnknownKey();

  /** Fetch counters, last success and last failure, for health checks and metrics. */
  RemoteJwksStatus status();

  /** Stops using the HTTP client; idempotent. */
  @Override
  void close();
}
