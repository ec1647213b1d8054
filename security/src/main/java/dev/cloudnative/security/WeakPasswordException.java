package dev.cloudnative.security;

import java.util.Set;

/**
 * A new password broke the {@link PasswordPolicy}; {@link #violations()} lists every rule it broke
 * so that a UI can explain all of them at once. The password itself is never part of the message.
 *
 * <p>Thread-safety: immutable.
 */
public class WeakPasswordException extends SecurityModuleException {
  private static final long serialVersionUID = 1L;

  private final Set<PasswordPolicy.Violation> violations;

  public WeakPasswordException(Set<PasswordPolicy.Violation> violations, String message) {
    super(message);
    this.violations = Set.copyOf(violations);
  }

  /** The rules the password broke; never empty. */
  public Set<PasswordPolicy.Violation> violations() {
    return violations;
  }
}
