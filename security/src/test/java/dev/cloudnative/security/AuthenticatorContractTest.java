package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class AuthenticatorContractTest {

  protected abstract Authenticator create(
      UserStore store, PasswordHasher hasher, LoginThrottleConfig config, java.time.Clock clock);

  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  private MutableClock clock;
  private UserStore store;
  private CountingHasher hasher;
  private AccountService accounts;

  @BeforeEach
  void setUp() {
    clock = MutableClock.at("2026-02-01T08:00:00Z");
    store = UserStore.inMemory();
    hasher = new CountingHasher(CheapHashers.argon2id());
    accounts = AccountService.create(store, hasher, PasswordPolicy.ofDefaults(), clock);
    accounts.register("alice", PASSWORD, Set.of("viewer"));
    accounts.register("dave", PASSWORD, Set.of("viewer"));
    accounts.disable("dave");
  }

  private Authenticator authenticator(LoginThrottleConfig config) {
    return create(store, hasher, config, clock);
  }

  private static Duration retryAfter(AuthenticationResult r) {
    return ((AuthenticationResult.Failure) r).retryAfter();
  }

  @Test
  void correctCredentialsSucceed() {
    AuthenticationResult r =
        authenticator(LoginThrottleConfig.ofDefaults()).authenticate("Alice", PASSWORD);
    assertThat(r).isInstanceOf(AuthenticationResult.Success.class);
    assertThat(((AuthenticationResult.Success) r).account().username()).isEqualTo("alice");
  }

  @Test
  void unknownUserDisabledAccountAndWrongPasswordAreIndistinguishable() {
    Authenticator auth = authenticator(LoginThrottleConfig.ofDefaults());
    List<AuthenticationResult> results = new ArrayList<>();
    List<Integer> work = new ArrayList<>();
    for (String[] attempt :
        new String[][] {
          {"alice", "wrong password here"},
          {"mallory", "correct horse battery staple"},
          {"dave", "correct horse battery staple"},
          {"not a valid name!", "x"}
        }) {
      int before = hasher.verifications.get();
      results.add(auth.authenticate(attempt[0], attempt[1].toCharArray()));
      work.add(hasher.verifications.get() - before);
    }
    assertThat(results)
        .allSatisfy(r -> assertThat(r).isEqualTo(new AuthenticationResult.Failure(Duration.ZERO)));
    assertThat(work).containsOnly(1);
    String m1 = catchMessage(() -> auth.login("alice", "nope-nope-nope".toCharArray()));
    String m2 = catchMessage(() -> auth.login("nobody", "nope-nope-nope".toCharArray()));
    assertThat(m1).isEqualTo(m2).isEqualTo("Invalid username or password");
  }

  @Test
  void unknownUsersTakeAboutAsLongAsWrongPasswords() {
    // Generous bound only; the counting test above is the exact check. The two kinds of attempt
    // alternate and each side takes the median of nine, so a burst of load on a shared 2-core
    // machine falls on both sides instead of on three samples of one (which once gave 0.24).
    CountingHasher real =
        new CountingHasher(PasswordHasher.argon2id(new Argon2idParameters(4_096, 1, 1, 16, 32)));
    UserStore s = UserStore.inMemory();
    AccountService.create(s, real, PasswordPolicy.ofDefaults(), clock)
        .register("erin", PASSWORD, Set.of());
    Authenticator auth =
        create(s, real, LoginThrottleConfig.custom().freeAttempts(10).build(), clock);
    int rounds = 9; // below the 10 free attempts, so no attempt is throttled (and skips hashing)
    long[] known = new long[rounds];
    long[] unknown = new long[rounds];
    for (int i = 0; i < rounds; i++) {
      known[i] = nanos(() -> auth.authenticate("erin", "wrong-password-1".toCharArray()));
      unknown[i] = nanos(() -> auth.authenticate("frank", "wrong-password-1".toCharArray()));
    }
    assertThat((double) median(unknown) / median(known)).isBetween(0.25, 4.0);
  }

  private static long nanos(Runnable r) {
    long start = System.nanoTime();
    r.run();
    return System.nanoTime() - start;
  }

  private static long median(long[] samples) {
    long[] t = samples.clone();
    java.util.Arrays.sort(t);
    return t[t.length / 2];
  }

  @Test
  void failuresBackOffExponentiallyAfterTheFreeAttempts() {
    Authenticator auth = authenticator(LoginThrottleConfig.ofDefaults());
    char[] wrong = "wrong password!".toCharArray();
    for (int i = 0; i < 4; i++) {
      assertThat(retryAfter(auth.authenticate("alice", wrong))).isZero();
    }
    // Throttled now, even with the right password, and without hashing.
    int before = hasher.verifications.get();
    assertThat(retryAfter(auth.authenticate("alice", PASSWORD))).isEqualTo(Duration.ofSeconds(1));
    assertThat(hasher.verifications.get()).isEqualTo(before);

    clock.advance(Duration.ofSeconds(1));
    assertThat(retryAfter(auth.authenticate("alice", wrong))).isZero();
    assertThat(retryAfter(auth.authenticate("alice", wrong))).isEqualTo(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    assertThat(retryAfter(auth.authenticate("alice", wrong))).isZero();
    assertThat(retryAfter(auth.authenticate("alice", wrong))).isEqualTo(Duration.ofSeconds(4));
    assertThatThrownBy(() -> auth.login("alice", PASSWORD))
        .isInstanceOf(InvalidCredentialsException.class)
        .satisfies(
            e ->
                assertThat(((InvalidCredentialsException) e).retryAfter())
                    .isEqualTo(Duration.ofSeconds(4)));

    clock.advance(Duration.ofSeconds(4));
    assertThat(auth.authenticate("alice", PASSWORD).succeeded()).isTrue();
    // Success resets the back-off.
    assertThat(retryAfter(auth.authenticate("alice", wrong))).isZero();
    assertThat(retryAfter(auth.authenticate("alice", wrong))).isZero();
  }

  @Test
  void unknownNamesAreThrottledExactlyLikeRealOnes() {
    Authenticator auth = authenticator(LoginThrottleConfig.ofDefaults());
    List<Duration> real = new ArrayList<>();
    List<Duration> fake = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      real.add(retryAfter(auth.authenticate("alice", "wrong password!".toCharArray())));
      fake.add(retryAfter(auth.authenticate("nobody-here", "wrong password!".toCharArray())));
      clock.advance(Duration.ofMillis(1500));
    }
    assertThat(fake).isEqualTo(real);
    assertThat(real).contains(Duration.ZERO).anyMatch(d -> !d.isZero());
  }

  @Test
  void atMostOneHundredFailuresPerHour() {
    LoginThrottleConfig lenient =
        LoginThrottleConfig.custom()
            .freeAttempts(10)
            .initialDelay(Duration.ofMillis(1))
            .maxDelay(Duration.ofMillis(1))
            .build();
    Authenticator auth = authenticator(lenient);
    int before = hasher.verifications.get();
    int evaluated = 0;
    Duration lastWait = Duration.ZERO;
    for (int i = 0; i < 150; i++) {
      Duration wait = retryAfter(auth.authenticate("alice", "wrong password!".toCharArray()));
      if (wait.isZero()) {
        evaluated++;
      } else {
        lastWait = wait;
      }
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(evaluated).isEqualTo(100);
    assertThat(hasher.verifications.get() - before).isEqualTo(100);
    // The oldest failure leaves the sliding hour about 3,450 s after the first attempt's window
    // opened.
    assertThat(lastWait).isBetween(Duration.ofMinutes(55), Duration.ofHours(1));
    clock.advance(lastWait);
    assertThat(auth.authenticate("alice", PASSWORD).succeeded()).isTrue();
  }

  @Test
  void parallelGuessesCannotSlipPastTheBackOff() throws Exception {
    Authenticator auth = authenticator(LoginThrottleConfig.ofDefaults());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        tasks.add(
            () -> retryAfter(auth.authenticate("alice", "wrong password!".toCharArray())).isZero());
      }
      int evaluated = 0;
      for (Future<Boolean> f : pool.invokeAll(tasks)) {
        evaluated += f.get() ? 1 : 0;
      }
      // 3 free attempts plus the one that starts the back-off; the clock does not move.
      assertThat(evaluated).isEqualTo(4);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void loginUpgradesWeakerHashes() {
    UserStore s = UserStore.inMemory();
    AccountService.create(s, CheapHashers.pbkdf2(), PasswordPolicy.ofDefaults(), clock)
        .register("gina", PASSWORD, Set.of());
    assertThat(s.find("gina").orElseThrow().passwordHash()).startsWith("$pbkdf2-sha256$");
    PasswordHasher migrating =
        PasswordHasher.delegating(CheapHashers.argon2id(), CheapHashers.pbkdf2());
    Authenticator auth = create(s, migrating, LoginThrottleConfig.ofDefaults(), clock);
    UserAccount upgraded = auth.login("gina", PASSWORD);
    assertThat(upgraded.passwordHash()).startsWith("$argon2id$");
    assertThat(s.find("gina").orElseThrow().passwordHash()).isEqualTo(upgraded.passwordHash());
    assertThat(auth.authenticate("gina", PASSWORD).succeeded()).isTrue();
  }

  @Test
  void aCorruptStoredHashFailsLikeAWrongPassword() {
    UserAccount a = store.find("alice").orElseThrow();
    store.replace(a, a.withPasswordHash("$argon2id$garbage"));
    assertThat(authenticator(LoginThrottleConfig.ofDefaults()).authenticate("alice", PASSWORD))
        .isEqualTo(new AuthenticationResult.Failure(Duration.ZERO));
  }

  @Test
  void throttleConfigIsValidated() {
    assertThatThrownBy(() -> LoginThrottleConfig.custom().maxFailuresPerHour(101))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("101");
    LoginThrottleConfig d = LoginThrottleConfig.ofDefaults();
    assertThat(d.delayAfter(3)).isZero();
    assertThat(d.delayAfter(4)).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.delayAfter(8)).isEqualTo(Duration.ofSeconds(16));
    assertThat(d.delayAfter(1_000)).isEqualTo(Duration.ofMinutes(15));
  }

  private static String catchMessage(Runnable r) {
    try {
      r.run();
      return "no exception";
    } catch (InvalidCredentialsException e) {
      return e.getMessage();
    }
  }
}
