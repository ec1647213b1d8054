package dev.cloudnative.security;

/**
 * A token (access or refresh) was rejected; {@link #reason()} says why. Thrown by the operations
 * that cannot return a {@link VerificationResult}: {@code require}, {@code refresh} and {@code
 * revoke}.
 *
 * <p>Thread-safety: immutable.
 */
public class InvalidTokenException extends SecurityModuleException {
  private static final long serialVersionUID = 1L;

  private final RejectionReason reason;

  public InvalidTokenException(RejectionReason reason, String detail) {
    super("Token rejected (" + reason + "): " + detail);
    this.reason = reason;
  }

  /** Why the token was rejected. */
  public RejectionReason reason() {
    return reason;
  }
}
