package dev.cloudnative.security;

/**
 * Registration found an account with the same (normalized) username.
 *
 * <p>Thread-safety: immutable.
 */
public class DuplicateUserException extends SecurityModuleException {
  private static final long serialVersionUID = 1L;

  private final String username;

  public DuplicateUserException(String username) {
    super("An account named '" + username + "' already exists");
    this.username = username;
  }

  /** The normalized username that is taken. */
  public String username() {
    return username;
  }
}
