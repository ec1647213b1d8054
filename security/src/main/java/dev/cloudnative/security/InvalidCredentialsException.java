package dev.cloudnative.security;

import java.time.Duration;

/**
 * A login or a password change presented credentials that did not verify, or the account is
 * throttled. The message is the same for an unknown user, a disabled account and a wrong password
 * so that it cannot be used to enumerate accounts; {@link #retryAfter()} is non-zero only while the
 * name is throttled.
 *
 * <p>Thread-safety: immutable.
 */
public class InvalidCredentialsException extends SecurityModuleException {
  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public InvalidCredentialsException(Duration retryAfter) {
    super(
        retryAfter.isZero()
            ? "Invalid username or password"
            : "Too many failed attempts; retry after " + retryAfter.toSeconds() + " s");
    this.retryAfter = retryAfter;
  }

  /**
   * How long the caller must wait before the next attempt is evaluated; zero when not throttled.
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
