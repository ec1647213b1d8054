package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.Objects;

/**
 * Thrown when a call attempt outlived its per-try timeout or the call outlived its overall deadline
 * and no further attempt was possible. Which timeout ran out is {@link #scope()}; why the call
 * stopped there is {@link #stopReason()} (for example {@link StopReason#ATTEMPTS_EXHAUSTED} after
 * the last attempt's per-try timeout, or {@link StopReason#DEADLINE_EXCEEDED}). An attempt's
 * timeout that the mesh retries carries no stop reason: it is handed only to the retry policy.
 * Immutable and thread-safe.
 */
public final class MeshTimeoutException extends MeshException {

  private static final long serialVersionUID = 1L;

  /** Which timeout of the {@link RetryPolicy} ran out. Immutable; thread-safe. */
  public enum Scope {
    /** {@link RetryPolicy#perTryTimeout()}: one attempt's. */
    PER_TRY("per-try timeout"),
    /** {@link RetryPolicy#overallTimeout()}: the whole call's, attempts and backoffs included. */
    OVERALL("overall timeout");

    private final String phrase;

    Scope(String phrase) {
      this.phrase = phrase;
    }
  }

  private final Scope scope;
  private final Duration timeout;

  /**
   * An attempt's timeout, not (yet) the end of a call.
   *
   * @param service the logical service the call was addressed to
   * @param scope which timeout ran out
   * @param timeout its configured duration
   */
  public MeshTimeoutException(String service, Scope scope, Duration timeout) {
    this(service, scope, timeout, null, null);
  }

  /**
   * A timeout that ends a call.
   *
   * @param service the logical service the call was addressed to
   * @param scope which timeout ran out
   * @param timeout its configured duration
   * @param stopReason how the call stopped; {@code null} when it did not stop here
   * @param cause the attempt's own timeout when the call ends on it, or {@code null}
   */
  public MeshTimeoutException(
      String service, Scope scope, Duration timeout, StopReason stopReason, Throwable cause) {
    super(service, stopReason, message(service, scope, timeout, stopReason), cause);
    this.scope = scope;
    this.timeout = timeout;
  }

  private static String message(
      String service, Scope scope, Duration timeout, StopReason stopReason) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(timeout, "timeout");
    String message =
        "Call to service '" + service + "' exceeded its " + scope.phrase + " of " + timeout;
    return stopReason == null ? message : message + " (" + stopReason.phrase() + ")";
  }

  /**
   * @return which timeout ran out
   */
  public Scope scope() {
    return scope;
  }

  /**
   * @return the timeout that was exceeded
   */
  public Duration timeout() {
    return timeout;
  }
}
