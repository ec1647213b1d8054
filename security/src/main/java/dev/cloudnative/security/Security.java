package dev.cloudnative.security;

import dev.cloudnative.security.internal.SecurityMetrics;
import dev.cloudnative.security.internal.ThrottlingAuthenticator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The module wired together: accounts, throttled login, tokens, RBAC and revocation of one issuer.
 *
 * <pre>{@code
 * Security security = Security.custom()
 *     .tokens(TokenConfig.custom().issuer("https://auth.example.com").audience("orders-api").build())
 *     .rbac(Rbac.custom().grant("viewer", "orders:read").grant("editor", "orders:write")
 *                        .inherit("editor", "viewer").build())
 *     .build();
 * security.accounts().register("alice", password, Set.of("editor"));
 * TokenPair pair = security.login("alice", password);
 * security.authorizer().require(pair.accessToken().value(), "orders:write");
 * }</pre>
 *
 * <p>Observability: {@link Builder#meterRegistry} and {@link Builder#observationRegistry} reach
 * every component built here (token issue, verification, refresh and revocation, logins); see the
 * README's "Metrics" and "Observations". Without them no meter exists and nothing is observed.
 *
 * <p>Lifecycle: nothing to close. It holds no threads, files or connections (the in-memory stores
 * are heap maps purged on writes; stores passed to the builder stay the caller's to close), so a
 * {@code close()} would only add a closed state for every call to check.
 *
 * <p>Thread-safety: immutable; every component is safe for concurrent use.
 */
public final class Security {

  private final AccountService accounts;
  private final Authenticator authenticator;
  private final TokenService tokens;
  private final Authorizer authorizer;
  private final Rbac rbac;
  private final List<String> inMemoryStores;
  private final ObservationRegistry observations;

  private Security(Builder b) {
    TokenConfig tokenConfig = b.tokenConfig;
    // like the clock, the registries of the token config serve every component unless given here
    Optional<MeterRegistry> meters =
        b.meterRegistry != null ? Optional.of(b.meterRegistry) : tokenConfig.meterRegistry();
    this.observations =
        b.observationRegistry != null ? b.observationRegistry : tokenConfig.observationRegistry();
    if (b.meterRegistry != null || b.observationRegistry != null) {
      tokenConfig = tokenConfig.withRegistries(meters.orElse(null), observations);
    }
    Clock clock = tokenConfig.clock();
    UserStore users = b.users != null ? b.users : UserStore.inMemory();
    List<String> memory = new ArrayList<>();
    if (b.users == null) {
      memory.add("users");
    }
    if (b.revocations == null) {
      memory.add("revocations");
    }
    if (b.refreshTokens == null) {
      memory.add("refresh tokens");
    }
    this.inMemoryStores = List.copyOf(memory);
    PasswordHasher hasher = b.hasher != null ? b.hasher : PasswordHasher.argon2id();
    this.rbac = b.rbac;
    this.accounts = AccountService.create(users, hasher, b.policy, clock);
    this.authenticator =
        new ThrottlingAuthenticator(users, hasher, b.throttle, clock, SecurityMetrics.of(meters));
    this.tokens =
        TokenService.create(
            tokenConfig,
            b.keys != null ? b.keys : KeyRing.generate(),
            b.revocations != null ? b.revocations : RevocationStore.inMemory(clock),
            b.refreshTokens != null ? b.refreshTokens : RefreshTokenStore.inMemory(clock),
            // a refresh re-reads the account, so role changes and disabling reach the next token
            users,
            rbac);
    this.authorizer = Authorizer.create(tokens, rbac);
  }

  public static Builder custom() {
    return new Builder();
  }

  public AccountService accounts() {
    return accounts;
  }

  public Authenticator authenticator() {
    return authenticator;
  }

  public TokenService tokens() {
    return tokens;
  }

  public Authorizer authorizer() {
    return authorizer;
  }

  /**
   * The stores left at their in-memory defaults ({@code users}, {@code revocations}, {@code refresh
   * tokens}): what they hold is lost when the JVM exits and is not shared with other instances.
   * Empty when every store was supplied.
   */
  public List<String> inMemoryStores() {
    return inMemoryStores;
  }

  public Rbac rbac() {
    return rbac;
  }

  /**
   * Authenticates and starts a session whose access token carries the account's roles and their
   * permissions.
   *
   * <p>Observed as {@code security.login} (unless the observation registry is a no-op), with the
   * outcome of {@code security.logins}.
   *
   * @throws InvalidCredentialsException on any authentication failure (same message for every
   *     cause)
   */
  public TokenPair login(String username, char[] password) {
    if (observations.isNoop()) {
      return authenticateAndIssue(username, password);
    }
    Observation observation = Observation.createNotStarted("security.login", observations).start();
    try (Observation.Scope scope = observation.openScope()) {
      TokenPair pair = authenticateAndIssue(username, password);
      observation.lowCardinalityKeyValue("outcome", "success");
      return pair;
    } catch (InvalidCredentialsException e) {
      observation.lowCardinalityKeyValue(
          "outcome", e.retryAfter().isZero() ? "invalid_credentials" : "throttled");
      observation.error(e);
      throw e;
    } catch (RuntimeException e) {
      observation.lowCardinalityKeyValue("outcome", "failure");
      observation.error(e);
      throw e;
    } finally {
      observation.stop();
    }
  }

  private TokenPair authenticateAndIssue(String username, char[] password) {
    UserAccount account = authenticator.login(username, password);
    return tokens.login(account.username(), account.roles(), rbac.permissionsOf(account.roles()));
  }

  /** Changes the password and invalidates every token issued to the account before the change. */
  public UserAccount changePassword(String username, char[] currentPassword, char[] newPassword) {
    UserAccount updated = accounts.changePassword(username, currentPassword, newPassword);
    tokens.revokeAll(updated.username());
    return updated;
  }

  /** Disables the account and invalidates all its tokens and sessions. */
  public UserAccount disable(String username) {
    UserAccount updated = accounts.disable(username);
    tokens.revokeAll(updated.username());
    return updated;
  }

  /** Builder for {@link Security}; not thread-safe. */
  public static final class Builder {
    private TokenConfig tokenConfig;
    private Rbac rbac = Rbac.custom().build();
    private KeyRing keys;
    private UserStore users;
    private PasswordHasher hasher;
    private PasswordPolicy policy = PasswordPolicy.ofDefaults();
    private LoginThrottleConfig throttle = LoginThrottleConfig.ofDefaults();
    private RevocationStore revocations;
    private RefreshTokenStore refreshTokens;
    private MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry;

    private Builder() {}

    /** Required: issuer, audience, lifetimes and the clock used by every component. */
    public Builder tokens(TokenConfig config) {
      this.tokenConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    public Builder rbac(Rbac rbac) {
      this.rbac = Objects.requireNonNull(rbac, "rbac");
      return this;
    }

    /** Default: a fresh ES256 key. */
    public Builder keys(KeyRing keys) {
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /**
     * Default: in memory. Every refresh re-reads the subject's account here: the refreshed token
     * carries its current roles, and a deleted or disabled account cannot refresh.
     */
    public Builder users(UserStore users) {
      this.users = Objects.requireNonNull(users, "users");
      return this;
    }

    /** Default: Argon2id at the OWASP floor. */
    public Builder passwordHasher(PasswordHasher hasher) {
      this.hasher = Objects.requireNonNull(hasher, "hasher");
      return this;
    }

    public Builder passwordPolicy(PasswordPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder loginThrottle(LoginThrottleConfig throttle) {
      this.throttle = Objects.requireNonNull(throttle, "throttle");
      return this;
    }

    /** Default: in memory; pass a shared store for a cluster. */
    public Builder revocations(RevocationStore revocations) {
      this.revocations = Objects.requireNonNull(revocations, "revocations");
      return this;
    }

    /** Default: in memory; pass a shared store for a cluster. */
    public Builder refreshTokens(RefreshTokenStore refreshTokens) {
      this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
      return this;
    }

    /**
     * Records the meters of the README's "Metrics" table in {@code registry}: tokens issued,
     * verified, refreshed and revoked, and logins. Default: the token config's, else none at all.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /**
     * Observes logins ({@code security.login}) and refreshes ({@code security.token.refresh}) in
     * {@code registry}. Default: the token config's, else {@link ObservationRegistry#NOOP}.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "observationRegistry");
      return this;
    }

    public Security build() {
      if (tokenConfig == null) {
        throw new InvalidConfigurationException("tokens(TokenConfig) is required");
      }
      // one registry per Security: a second, different one would split its figures in two places
      if (meterRegistry != null
          && tokenConfig.meterRegistry().isPresent()
          && tokenConfig.meterRegistry().get() != meterRegistry) {
        throw new InvalidConfigurationException(
            "meterRegistry was given to Security.custom() and a different one to its "
                + "TokenConfig; give it once, to Security.custom()");
      }
      if (observationRegistry != null
          && !tokenConfig.observationRegistry().isNoop()
          && tokenConfig.observationRegistry() != observationRegistry) {
        throw new InvalidConfigurationException(
            "observationRegistry was given to Security.custom() and a different one to its "
                + "TokenConfig; give it once, to Security.custom()");
      }
      return new Security(this);
    }
  }
}
