package dev.cloudnative.security;

/**
 * A stored password hash could not be decoded (unknown algorithm, malformed PHC string, parameters
 * outside the accepted range). Indicates corrupted or foreign data in the user store, never a wrong
 * password.
 *
 * <p>Thread-safety: immutable.
 */
public class PasswordHashFormatException extends SecurityModuleException {
  private static final long serialVersionUID = 1L;

  public PasswordHashFormatException(String message) {
    super(message);
  }
}
