package dev.cloudnative.security;

import dev.cloudnative.security.internal.ThrottlingAuthenticator;
import java.time.Clock;

/**
 * Verifies username and password. Unknown users, disabled accounts and wrong passwords get the same
 * answer after the same work (a dummy hash is verified for unknown names), and every name is
 * throttled per {@link LoginThrottleConfig}, whether or not it exists, so neither messages nor
 * timing enumerate accounts. Hashes made with weaker parameters are upgraded on a successful login.
 *
 * <p>Thread-safety: implementations are safe for concurrent use.
 */
public interface Authenticator {

  AuthenticationResult authenticate(String username, char[] password);

  /**
   * Like {@link #authenticate} but throws on failure.
   *
   * @throws InvalidCredentialsException on any failure
   */
  default UserAccount login(String username, char[] password) {
    AuthenticationResult result = authenticate(username, password);
    if (result instanceof AuthenticationResult.Success success) {
      return success.account();
    }
    throw new InvalidCredentialsException(((AuthenticationResult.Failure) result).retryAfter());
  }

  static Authenticator create(
      UserStore store, PasswordHasher hasher, LoginThrottleConfig throttle, Clock clock) {
    return new ThrottlingAuthenticator(store, hasher, throttle, clock);
  }
}
