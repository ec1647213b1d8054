package dev.cloudnative.security;

import dev.cloudnative.security.inmemory.InMemoryUserStore;
import java.util.Optional;

/**
 * Persistence of {@link UserAccount}s keyed by canonical username. Updates are compare-and-set so
 * that a rehash on login can never overwrite a concurrent password change.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use.
 */
public interface UserStore {

  /**
   * Stores a new account.
   *
   * @throws DuplicateUserException if the username is taken
   */
  void create(UserAccount account);

  /** The account with this canonical username. */
  Optional<UserAccount> find(String username);

  /**
   * Replaces {@code expected} by {@code updated} if the stored account still equals {@code
   * expected}.
   */
  boolean replace(UserAccount expected, UserAccount updated);

  /** Removes the account; false if there was none. */
  boolean delete(String username);

  /** A thread-safe in-memory store. */
  static UserStore inMemory() {
    return new InMemoryUserStore();
  }
}
