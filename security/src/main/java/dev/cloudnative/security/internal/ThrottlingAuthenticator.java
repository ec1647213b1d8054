package dev.cloudnative.security.internal;

import dev.cloudnative.security.AuthenticationResult;
import dev.cloudnative.security.Authenticator;
import dev.cloudnative.security.LoginThrottleConfig;
import dev.cloudnative.security.PasswordHashFormatException;
import dev.cloudnative.security.PasswordHasher;
import dev.cloudnative.security.UserAccount;
import dev.cloudnative.security.UserStore;
import dev.cloudnative.security.UsernamePolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Authenticator} with per-name throttling ({@link LoginThrottle}) and uniform work: for a
 * name without an enabled account the password is verified against a dummy hash made at
 * construction with the same hasher and parameters, so the answer and its timing match a wrong
 * password. Names that are not even valid usernames are throttled under their lower-cased,
 * length-bounded form so that they behave the same way.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class ThrottlingAuthenticator implements Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(ThrottlingAuthenticator.class);

  private final UserStore store;
  private final PasswordHasher hasher;
  private final LoginThrottle throttle;
  private final Clock clock;
  private final String dummyHash;
  private final SecurityMetrics metrics;

  public ThrottlingAuthenticator(
      UserStore store, PasswordHasher hasher, LoginThrottleConfig config, Clock clock) {
    this(store, hasher, config, clock, SecurityMetrics.NOOP);
  }

  /** An authenticator that counts its logins in {@code metrics} ({@code security.logins}). */
  public ThrottlingAuthenticator(
      UserStore store,
      PasswordHasher hasher,
      LoginThrottleConfig config,
      Clock clock,
      SecurityMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.store = Objects.requireNonNull(store, "store");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.throttle = new LoginThrottle(Objects.requireNonNull(config, "config"));
    this.clock = Objects.requireNonNull(clock, "clock");
    char[] random = new char[24];
    SecureRandom rnd = new SecureRandom();
    for (int i = 0; i < random.length; i++) {
      random[i] = (char) ('!' + rnd.nextInt(94));
    }
    this.dummyHash = hasher.hash(random);
  }

  @Override
  public AuthenticationResult authenticate(String username, char[] password) {
    Optional<String> canonical = UsernamePolicy.tryNormalize(username);
    String key = canonical.orElseGet(() -> throttleKeyOf(username));
    Duration wait = throttle.tryAcquire(key, clock.instant());
    if (!wait.isZero()) {
      metrics.login(SecurityMetrics.Login.THROTTLED);
      return new AuthenticationResult.Failure(wait);
    }
    Optional<UserAccount> account = canonical.flatMap(store::find);
    boolean verified = false;
    if (account.isPresent()) {
      verified = verifyStored(account.get(), password) && account.get().enabled();
    } else {
      hasher.verify(password, dummyHash);
    }
    if (!verified) {
      metrics.login(SecurityMetrics.Login.INVALID_CREDENTIALS);
      return new AuthenticationResult.Failure(Duration.ZERO);
    }
    throttle.recordSuccess(key);
    metrics.login(SecurityMetrics.Login.SUCCESS);
    return new AuthenticationResult.Success(upgradeIfNeeded(account.get(), password));
  }

  private boolean verifyStored(UserAccount account, char[] password) {
    try {
      return hasher.verify(password, account.passwordHash());
    } catch (PasswordHashFormatException e) {
      LOG.error(
          "Stored password hash of account '{}' cannot be decoded: {}",
          account.username(),
          e.getMessage());
      hasher.verify(password, dummyHash);
      return false;
    }
  }

  private UserAccount upgradeIfNeeded(UserAccount account, char[] password) {
    if (!hasher.needsRehash(account.passwordHash())) {
      return account;
    }
    UserAccount upgraded = account.withPasswordHash(hasher.hash(password));
    if (store.replace(account, upgraded)) {
      LOG.info(
          "Upgraded the password hash of account '{}' to {}",
          account.username(),
          hasher.algorithm());
      return upgraded;
    }
    // A concurrent change (e.g. a password change) won; keep it rather than overwrite it.
    return store.find(account.username()).orElse(account);
  }

  private static String throttleKeyOf(String username) {
    String raw = username == null ? "" : username;
    return "\u0000" + (raw.length() > 128 ? raw.substring(0, 128) : raw).toLowerCase(Locale.ROOT);
  }
}
