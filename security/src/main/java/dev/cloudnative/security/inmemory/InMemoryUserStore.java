package dev.cloudnative.security.inmemory;

import dev.cloudnative.security.DuplicateUserException;
import dev.cloudnative.security.UserAccount;
import dev.cloudnative.security.UserStore;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link UserStore} on a {@link ConcurrentHashMap}; {@link #replace} is the map's atomic
 * compare-and-replace on record equality.
 *
 * <p>Thread-safety: safe for concurrent use; reads are lock-free.
 */
public final class InMemoryUserStore implements UserStore {

  private final ConcurrentMap<String, UserAccount> accounts = new ConcurrentHashMap<>();

  @Override
  public void create(UserAccount account) {
    Objects.requireNonNull(account, "account");
    if (accounts.putIfAbsent(account.username(), account) != null) {
      throw new DuplicateUserException(account.username());
    }
  }

  @Override
  public Optional<UserAccount> find(String username) {
    return Optional.ofNullable(accounts.get(username));
  }

  @Override
  public boolean replace(UserAccount expected, UserAccount updated) {
    if (!expected.username().equals(updated.username())) {
      throw new IllegalArgumentException(
          "replace cannot rename " + expected.username() + " to " + updated.username());
    }
    return accounts.replace(expected.username(), expected, updated);
  }

  @Override
  public boolean delete(String username) {
    return accounts.remove(username) != null;
  }
}
