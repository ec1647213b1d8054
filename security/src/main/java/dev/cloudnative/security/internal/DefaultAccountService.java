package dev.cloudnative.security.internal;

import dev.cloudnative.security.AccountService;
import dev.cloudnative.security.InvalidCredentialsException;
import dev.cloudnative.security.PasswordHasher;
import dev.cloudnative.security.PasswordPolicy;
import dev.cloudnative.security.UnknownUserException;
import dev.cloudnative.security.UserAccount;
import dev.cloudnative.security.UserStore;
import dev.cloudnative.security.UsernamePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@link AccountService} over a {@link UserStore}: every update is a compare-and-set retried on
 * contention, so concurrent role changes, rehashes and password changes never lose each other.
 *
 * <p>Thread-safety: safe for concurrent use; holds no mutable state of its own.
 */
public final class DefaultAccountService implements AccountService {

  private final UserStore store;
  private final PasswordHasher hasher;
  private final PasswordPolicy policy;
  private final Clock clock;

  public DefaultAccountService(
      UserStore store, PasswordHasher hasher, PasswordPolicy policy, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public UserAccount register(String username, char[] password, Set<String> roles) {
    String canonical = UsernamePolicy.normalize(username);
    policy.check(canonical, password);
    var now = clock.instant();
    UserAccount account = new UserAccount(canonical, hasher.hash(password), roles, true, now, now);
    store.create(account);
    return account;
  }

  @Override
  public UserAccount changePassword(String username, char[] currentPassword, char[] newPassword) {
    String canonical =
        UsernamePolicy.tryNormalize(username)
            .orElseThrow(() -> new InvalidCredentialsException(Duration.ZERO));
    UserAccount account =
        store
            .find(canonical)
            .filter(UserAccount::enabled)
            .orElseThrow(() -> new InvalidCredentialsException(Duration.ZERO));
    if (!hasher.verify(currentPassword, account.passwordHash())) {
      throw new InvalidCredentialsException(Duration.ZERO);
    }
    policy.check(canonical, newPassword);
    String newHash = hasher.hash(newPassword);
    return update(canonical, a -> a.withNewPassword(newHash, clock.instant()));
  }

  @Override
  public UserAccount resetPassword(String username, char[] newPassword) {
    String canonical = UsernamePolicy.normalize(username);
    policy.check(canonical, newPassword);
    String newHash = hasher.hash(newPassword);
    return update(canonical, a -> a.withNewPassword(newHash, clock.instant()));
  }

  @Override
  public UserAccount disable(String username) {
    return update(UsernamePolicy.normalize(username), a -> a.withEnabled(false));
  }

  @Override
  public UserAccount enable(String username) {
    return update(UsernamePolicy.normalize(username), a -> a.withEnabled(true));
  }

  @Override
  public UserAccount assignRoles(String username, Set<String> roles) {
    Set<String> copy = Set.copyOf(roles);
    return update(UsernamePolicy.normalize(username), a -> a.withRoles(copy));
  }

  @Override
  public Optional<UserAccount> find(String username) {
    return UsernamePolicy.tryNormalize(username).flatMap(store::find);
  }

  private UserAccount update(String canonical, UnaryOperator<UserAccount> change) {
    while (true) {
      UserAccount current =
          store.find(canonical).orElseThrow(() -> new UnknownUserException(canonical));
      UserAccount updated = change.apply(current);
      if (store.replace(current, updated)) {
        return updated;
      }
    }
  }
}
