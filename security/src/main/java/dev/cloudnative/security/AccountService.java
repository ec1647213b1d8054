package dev.cloudnative.security;

import dev.cloudnative.security.internal.DefaultAccountService;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Account lifecycle: registration under the {@link UsernamePolicy} and {@link PasswordPolicy},
 * password change (re-verifying the current password), administrative reset, enable/disable and
 * role assignment.
 *
 * <p>Thread-safety: implementations are safe for concurrent use.
 */
public interface AccountService {

  /**
   * Registers a new enabled account.
   *
   * @throws InvalidUsernameException if the username breaks the rules
   * @throws WeakPasswordException if the password breaks the policy
   * @throws DuplicateUserException if the canonical username is taken
   */
  UserAccount register(String username, char[] password, Set<String> roles);

  /**
   * Changes a password after verifying the current one.
   *
   * @throws InvalidCredentialsException if the current password is wrong or the account
   *     unknown/disabled
   * @throws WeakPasswordException if the new password breaks the policy
   */
  UserAccount changePassword(String username, char[] currentPassword, char[] newPassword);

  /** Sets a new password without the current one (administrators, recovery flows). */
  UserAccount resetPassword(String username, char[] newPassword);

  UserAccount disable(String username);

  UserAccount enable(String username);

  UserAccount assignRoles(String username, Set<String> roles);

  Optional<UserAccount> find(String username);

  static AccountService create(
      UserStore store, PasswordHasher hasher, PasswordPolicy policy, Clock clock) {
    return new DefaultAccountService(store, hasher, policy, clock);
  }
}
