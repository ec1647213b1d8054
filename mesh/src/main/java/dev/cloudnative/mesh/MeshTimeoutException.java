package dev.cloudnative.mesh;

import java.time.Duration;

/**
 * Thrown when a call attempt outlived its per-try timeout or the call outlived its overall deadline
 * and no further attempt was possible. Immutable and thread-safe.
 */
public final class MeshTimeoutException extends MeshException {

  private final Duration timeout;

  public MeshTimeoutException(String service, String what, Duration timeout) {
    super(service, "Call to service '" + service + "' exceeded its " + what + " of " + timeout);
    this.timeout = timeout;
  }

  /**
   * @return the timeout that was exceeded
   */
  public Duration timeout() {
    return timeout;
  }
}
