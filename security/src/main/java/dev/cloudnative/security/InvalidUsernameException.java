package dev.cloudnative.security;

/**
 * A username broke the {@link UsernamePolicy} (length or characters).
 *
 * <p>Thread-safety: immutable.
 */
public class InvalidUsernameException extends SecurityModuleException {
  private static final long serialVersionUID = 1L;

  public InvalidUsernameException(String message) {
    super(message);
  }
}
