package dev.cloudnative.security.internal;

import dev.cloudnative.security.InvalidTokenException;
import dev.cloudnative.security.Rbac;
import dev.cloudnative.security.RefreshTokenRecord;
import dev.cloudnative.security.RejectionReason;
import dev.cloudnative.security.UserAccount;
import dev.cloudnative.security.UserStore;
import java.util.Objects;
import java.util.Optional;

/**
 * What a refreshed access token may carry. With accounts ({@link #fromAccounts}) the subject's
 * current account is read at every refresh, so a role removed since login is gone from the next
 * token and a deleted or disabled account cannot refresh at all; without ({@link #fromLogin}) the
 * roles and permissions recorded at login are kept, for subjects that are not accounts of a {@link
 * UserStore} (services given tokens through {@code TokenService.login}).
 *
 * <p>Thread-safety: immutable; the user store it reads is thread-safe.
 */
public final class RefreshGrants {

  private static final RefreshGrants FROM_LOGIN = new RefreshGrants(null, null);

  private final UserStore users;
  private final Rbac rbac;

  private RefreshGrants(UserStore users, Rbac rbac) {
    this.users = users;
    this.rbac = rbac;
  }

  /** Keeps what login recorded. */
  public static RefreshGrants fromLogin() {
    return FROM_LOGIN;
  }

  /** Re-reads the account from {@code users} and its permissions from {@code rbac}. */
  public static RefreshGrants fromAccounts(UserStore users, Rbac rbac) {
    return new RefreshGrants(
        Objects.requireNonNull(users, "users"), Objects.requireNonNull(rbac, "rbac"));
  }

  /**
   * The record with the roles and permissions the next access token is to carry.
   *
   * @throws InvalidTokenException with {@link RejectionReason#ACCOUNT_DELETED} or {@link
   *     RejectionReason#ACCOUNT_DISABLED} when the subject may no longer refresh
   */
  public RefreshTokenRecord current(RefreshTokenRecord record) {
    if (users == null) {
      return record;
    }
    Optional<UserAccount> account = users.find(record.subject());
    if (account.isEmpty()) {
      throw new InvalidTokenException(
          RejectionReason.ACCOUNT_DELETED,
          "account '"
              + record.subject()
              + "' no longer exists; session "
              + record.familyId()
              + " is revoked");
    }
    UserAccount a = account.get();
    if (!a.enabled()) {
      throw new InvalidTokenException(
          RejectionReason.ACCOUNT_DISABLED,
          "account '"
              + a.username()
              + "' is disabled; session "
              + record.familyId()
              + " is revoked");
    }
    return new RefreshTokenRecord(
        record.tokenHash(),
        record.familyId(),
        record.subject(),
        a.roles(),
        rbac.permissionsOf(a.roles()),
        record.issuedAt(),
        record.expiresAt(),
        record.sessionExpiresAt(),
        record.accessJwtId(),
        record.accessExpiresAt());
  }
}
