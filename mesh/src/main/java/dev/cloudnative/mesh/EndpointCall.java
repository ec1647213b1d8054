package dev.cloudnative.mesh;

import java.time.Duration;

/**
 * One attempt of a call on a chosen endpoint, for transports that enforce a timeout themselves (for
 * example {@link java.net.http.HttpRequest.Builder#timeout}). Implementations must be thread-safe
 * when shared.
 *
 * <p>An endpoint that answers "not now" (an HTTP 429 or 503 with {@code Retry-After}) is reported
 * from the call with {@link ServiceMesh#backOff}: the mesh then leaves it alone for the time asked,
 * and a retry goes elsewhere.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface EndpointCall<T> {

  /**
   * @param endpoint the endpoint the mesh chose for this attempt
   * @param timeout the time the attempt may take (per-try timeout, shortened by the overall
   *     deadline), or {@link Duration#ZERO} for none; the implementation must honour it
   * @return the result; a result whose status (as classified by the caller) is 5xx counts as a
   *     failure
   * @throws Exception a failure of the attempt; it is classified for retries by {@link RetryPolicy}
   */
  T call(Endpoint endpoint, Duration timeout) throws Exception;
}
