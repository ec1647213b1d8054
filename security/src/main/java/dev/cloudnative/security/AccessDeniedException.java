package dev.cloudnative.security;

/**
 * A verified principal lacks the permission an operation requires.
 *
 * <p>Thread-safety: immutable.
 */
public class AccessDeniedException extends SecurityModuleException {
  private static final long serialVersionUID = 1L;

  private final String subject;
  private final String permission;

  public AccessDeniedException(String subject, String permission) {
    super("Subject '" + subject + "' lacks permission '" + permission + "'");
    this.subject = subject;
    this.permission = permission;
  }

  /** The subject of the token that was denied. */
  public String subject() {
    return subject;
  }

  /** The permission that was required. */
  public String permission() {
    return permission;
  }
}
