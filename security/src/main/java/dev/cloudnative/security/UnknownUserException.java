package dev.cloudnative.security;

/**
 * An administrative operation (enable, disable, role change, password reset) named an account that
 * does not exist. Login never throws this: it answers unknown users exactly like wrong passwords.
 *
 * <p>Thread-safety: immutable.
 */
public class UnknownUserException extends SecurityModuleException {
  private static final long serialVersionUID = 1L;

  private final String username;

  public UnknownUserException(String username) {
    super("No account named '" + username + "'");
    this.username = username;
  }

  /** The normalized username that was not found. */
  public String username() {
    return username;
  }
}
