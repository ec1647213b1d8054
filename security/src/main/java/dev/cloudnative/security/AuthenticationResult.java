package dev.cloudnative.security;

import java.time.Duration;

/**
 * Outcome of a login attempt. A failure carries no hint whether the account exists, is disabled or
 * the password was wrong; only throttling is distinguishable, and it applies equally to unknown
 * names.
 *
 * <p>Thread-safety: immutable.
 */
public sealed interface AuthenticationResult {

  /** The credentials verified; {@code account} is the (possibly rehashed) stored account. */
  record Success(UserAccount account) implements AuthenticationResult {}

  /**
   * The credentials did not verify, or the name is throttled and {@code retryAfter} is positive.
   */
  record Failure(Duration retryAfter) implements AuthenticationResult {
    public boolean throttled() {
      return !retryAfter.isZero();
    }
  }

  default boolean succeeded() {
    return this instanceof Success;
  }
}
