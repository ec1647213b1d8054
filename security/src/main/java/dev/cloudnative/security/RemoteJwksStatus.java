package dev.cloudnative.security;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RemoteJwks} has fetched so far, for health checks and metrics.
 *
 * <p>Thread-safety: immutable.
 *
 * @param uri the JWKS URL
 * @param fetchCount fetches started (successful or not)
 * @param failureCount fetches that failed
 * @param lastSuccess when the last successful fetch completed
 * @param lastFailure when the last failed fetch completed
 * @param lastError what the last failure was (kept after later successes)
 * @param freshUntil until when the current key set is fresh; past it a refresh is due
 * @param usableUntil until when the current key set verifies if no refresh succeeds
 * @param keyIds the ids of the current keys; empty when no key set is usable
 */
public record RemoteJwksStatus(
    URI uri,
    long fetchCount,
    long failureCount,
    Optional<Instant> lastSuccess,
    Optional<Instant> lastFailure,
    Optional<String> lastError,
    Optional<Instant> freshUntil,
    Optional<Instant> usableUntil,
    List<String> keyIds) {

  public RemoteJwksStatus {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(lastSuccess, "lastSuccess");
    Objects.requireNonNull(lastFailure, "lastFailure");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(freshUntil, "freshUntil");
    Objects.requireNonNull(usableUntil, "usableUntil");
    keyIds = List.copyOf(keyIds);
  }

  /** Whether a key set is usable now. */
  public boolean hasKeys() {
    return !keyIds.isEmpty();
  }
}
