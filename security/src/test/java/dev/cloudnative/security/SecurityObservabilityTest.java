package dev.cloudnative.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.security.dpop.DpopConfig;
import dev.cloudnative.security.dpop.DpopProofs;
import dev.cloudnative.security.dpop.DpopRequest;
import dev.cloudnative.security.dpop.DpopVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The module's meters read back from a SimpleMeterRegistry and its spans from a test registry. */
class SecurityObservabilityTest {

  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  private final MutableClock clock = MutableClock.at("2026-03-01T12:00:00Z");

  private TokenConfig tokens() {
    return TokenConfig.custom().issuer("iss").audience("api").clock(clock).build();
  }

  private Security.Builder security() {
    return Security.custom().tokens(tokens()).passwordHasher(CheapHashers.argon2id());
  }

  private static double count(SimpleMeterRegistry meters, String name, String... tags) {
    Counter counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void loginsAreCountedByOutcomeAndThrottlingIsItsOwnOutcome() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Security security = security().meterRegistry(meters).build();
    security.accounts().register("alice", PASSWORD.clone(), Set.of());
    security.login("alice", PASSWORD.clone());
    // the default throttle: three free failures, the fourth sets a 1 s delay, the fifth waits
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> security.login("bob", "not the password".toCharArray()))
          .isInstanceOf(InvalidCredentialsException.class);
    }
    assertThat(count(meters, "security.logins", "outcome", "success")).isEqualTo(1);
    assertThat(count(meters, "security.logins", "outcome", "invalid_credentials")).isEqualTo(4);
    assertThat(count(meters, "security.logins", "outcome", "throttled")).isEqualTo(1);
  }

  @Test
  void tokensAreCountedWhenIssuedVerifiedRefreshedAndRevoked() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Security security = security().meterRegistry(meters).build();
    security.accounts().register("alice", PASSWORD.clone(), Set.of());
    security.accounts().register("carol", PASSWORD.clone(), Set.of());
    TokenPair pair = security.login("alice", PASSWORD.clone());
    assertThat(count(meters, "security.tokens.issued", "kind", "access", "algorithm", "es256"))
        .isEqualTo(1);
    assertThat(count(meters, "security.tokens.issued", "kind", "refresh", "algorithm", "opaque"))
        .isEqualTo(1);

    String access = pair.accessToken().value();
    assertThat(security.tokens().verify(access).isValid()).isTrue();
    assertThat(security.tokens().verify(access).isValid()).isTrue();
    assertThat(security.tokens().verify("not.a.token").isValid()).isFalse();
    String foreign =
        Security.custom()
            .tokens(tokens())
            .passwordHasher(CheapHashers.argon2id())
            .build()
            .tokens()
            .issue("alice", Set.of(), Set.of())
            .value();
    assertThat(security.tokens().verify(foreign).isValid()).isFalse();
    assertThat(verifications(meters, "success", "es256")).isEqualTo(2);
    assertThat(verifications(meters, "malformed", "unknown")).isEqualTo(1);
    assertThat(verifications(meters, "unknown_key", "unknown")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(1));
    TokenPair next = security.tokens().refresh(pair.refreshToken());
    assertThatThrownBy(() -> security.tokens().refresh(pair.refreshToken()))
        .isInstanceOf(InvalidTokenException.class);
    TokenPair carol = security.login("carol", PASSWORD.clone());
    security.accounts().disable("carol");
    assertThatThrownBy(() -> security.tokens().refresh(carol.refreshToken()))
        .isInstanceOf(InvalidTokenException.class);
    assertThat(count(meters, "security.token.refreshes", "outcome", "success")).isEqualTo(1);
    assertThat(count(meters, "security.token.refreshes", "outcome", "refresh_token_reused"))
        .isEqualTo(1);
    assertThat(count(meters, "security.token.refreshes", "outcome", "account_disabled"))
        .isEqualTo(1);
    // the reuse revoked the family, so the pair it produced is dead too
    assertThat(security.tokens().verify(next.accessToken().value()).isValid()).isFalse();
    assertThat(verifications(meters, "revoked", "es256")).isEqualTo(1);

    TokenPair again = security.login("alice", PASSWORD.clone());
    security.tokens().revoke(again.accessToken().value());
    security.tokens().logout(again.refreshToken());
    security.disable("alice");
    assertThat(count(meters, "security.token.revocations", "kind", "access")).isEqualTo(1);
    assertThat(count(meters, "security.token.revocations", "kind", "session")).isEqualTo(1);
    assertThat(count(meters, "security.token.revocations", "kind", "subject")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(10));
    assertThat(security.tokens().verify(access).isValid()).isFalse();
    assertThat(verifications(meters, "expired", "es256")).isEqualTo(1);

    assertSameTagKeysPerName(meters);
    // no token, jti, subject or key id ever becomes a tag value
    assertThat(
            meters.getMeters().stream()
                .flatMap(m -> m.getId().getTags().stream())
                .map(Tag::getValue))
        .doesNotContain("alice", "carol", pair.accessToken().jwtId(), pair.accessToken().keyId());
  }

  @Test
  void dpopRequestsAreCountedByOutcome() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TokenService tokens =
        TokenService.create(
            TokenConfig.custom()
                .issuer("iss")
                .audience("api")
                .clock(clock)
                .meterRegistry(meters)
                .build(),
            KeyRing.generate(),
            RevocationStore.inMemory(clock),
            RefreshTokenStore.inMemory(clock));
    DpopVerifier dpop =
        DpopVerifier.create(DpopConfig.custom().clock(clock).meterRegistry(meters).build(), tokens);
    DpopProofs client = DpopProofs.forKey(SigningKey.generate(SigningAlgorithm.ES256), clock);
    String bound = tokens.issue("alice", Set.of(), Set.of(), client.thumbprint()).value();
    URI uri = URI.create("https://api.example.com/orders");
    DpopRequest request =
        DpopRequest.of("GET", uri, client.proof("GET", uri, bound)).withAccessToken(bound);
    assertThat(dpop.verify(request).isValid()).isTrue();
    assertThat(dpop.verify(request).isValid()).isFalse(); // the same proof again
    assertThat(dpop.verify(DpopRequest.of("GET", uri, "garbage")).isValid()).isFalse();
    assertThat(count(meters, "security.dpop.proofs", "outcome", "success")).isEqualTo(1);
    assertThat(count(meters, "security.dpop.proofs", "outcome", "replayed")).isEqualTo(1);
    assertThat(count(meters, "security.dpop.proofs", "outcome", "malformed")).isEqualTo(1);
    assertThat(count(meters, "security.tokens.issued", "kind", "dpop_access", "algorithm", "es256"))
        .isEqualTo(1);
    // the bound token's own check is a token verification
    assertThat(verifications(meters, "success", "es256")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void aVerifierUsedAloneCountsThroughItsTokenConfig() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    SigningKey key = SigningKey.generate(SigningAlgorithm.EDDSA, "k1");
    TokenConfig config =
        TokenConfig.custom()
            .issuer("iss")
            .audience("api")
            .clock(clock)
            .meterRegistry(meters)
            .build();
    TokenService issuer =
        TokenService.create(
            TokenConfig.custom().issuer("iss").audience("api").clock(clock).build(),
            KeyRing.of(key),
            RevocationStore.inMemory(clock),
            RefreshTokenStore.inMemory(clock));
    TokenVerifier verifier =
        TokenVerifier.create(
            config, KeyRing.fromJwks(issuer.publicJwks()), RevocationStore.inMemory(clock));
    assertThat(verifier.verify(issuer.issue("alice", Set.of(), Set.of()).value()).isValid())
        .isTrue();
    assertThat(verifications(meters, "success", "eddsa")).isEqualTo(1);
    // the issuer was given no registry: it counted nothing
    assertThat(meters.find("security.tokens.issued").meters()).isEmpty();
  }

  @Test
  void loginAndRefreshAreObservedAndVerificationIsNot() {
    TestObservationRegistry observations = TestObservationRegistry.create();
    Security security = security().observationRegistry(observations).build();
    security.accounts().register("alice", PASSWORD.clone(), Set.of());
    TokenPair pair = security.login("alice", PASSWORD.clone());
    assertThatThrownBy(() -> security.login("alice", "wrong".toCharArray()))
        .isInstanceOf(InvalidCredentialsException.class);
    security.tokens().verify(pair.accessToken().value());
    security.tokens().refresh(pair.refreshToken());
    assertThatThrownBy(() -> security.tokens().refresh(pair.refreshToken()))
        .isInstanceOf(InvalidTokenException.class);

    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsEqualTo(4)
        .hasNumberOfObservationsWithNameEqualTo("security.login", 2)
        .hasNumberOfObservationsWithNameEqualTo("security.token.refresh", 2)
        .hasAnObservation(
            o ->
                o.hasNameEqualTo("security.login")
                    .hasLowCardinalityKeyValue("outcome", "success")
                    .doesNotHaveError())
        .hasAnObservation(
            o ->
                o.hasNameEqualTo("security.login")
                    .hasLowCardinalityKeyValue("outcome", "invalid_credentials")
                    .hasError())
        .hasAnObservation(
            o ->
                o.hasNameEqualTo("security.token.refresh")
                    .hasLowCardinalityKeyValue("outcome", "success")
                    .doesNotHaveError())
        .hasAnObservation(
            o ->
                o.hasNameEqualTo("security.token.refresh")
                    .hasLowCardinalityKeyValue("outcome", "refresh_token_reused")
                    .hasError())
        .hasObservationWithNameEqualTo("security.login")
        .that()
        .hasBeenStopped();
  }

  @Test
  void theDefaultRecordsNoMetersAndObservesNothing() {
    assertThat(tokens().meterRegistry()).isEmpty();
    assertThat(tokens().observationRegistry()).isSameAs(ObservationRegistry.NOOP);
    assertThat(DpopConfig.ofDefaults().meterRegistry()).isEmpty();
    int globalBefore = Metrics.globalRegistry.getMeters().size();
    Security security = security().build();
    security.accounts().register("alice", PASSWORD.clone(), Set.of());
    TokenPair pair = security.login("alice", PASSWORD.clone());
    security.tokens().verify(pair.accessToken().value());
    security.tokens().refresh(pair.refreshToken());
    assertThat(Metrics.globalRegistry.getMeters()).hasSize(globalBefore);
    assertThat(Metrics.globalRegistry.getMeters())
        .noneMatch(m -> m.getId().getName().startsWith("security."));
  }

  @Test
  void theRegistriesOfTheTokenConfigServeSecurityLikeItsClockButNotTwoDifferentOnes() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    TokenConfig withMeters =
        TokenConfig.custom()
            .issuer("iss")
            .audience("api")
            .clock(clock)
            .meterRegistry(meters)
            .build();
    Security security =
        Security.custom().tokens(withMeters).passwordHasher(CheapHashers.argon2id()).build();
    security.accounts().register("alice", PASSWORD.clone(), Set.of());
    security.login("alice", PASSWORD.clone());
    assertThat(count(meters, "security.logins", "outcome", "success")).isEqualTo(1);
    // the same registry twice is one registry
    Security.custom().tokens(withMeters).meterRegistry(meters).build();
    assertThatThrownBy(
            () ->
                Security.custom()
                    .tokens(withMeters)
                    .meterRegistry(new SimpleMeterRegistry())
                    .build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("meterRegistry");
    TokenConfig observed =
        TokenConfig.custom()
            .issuer("iss")
            .audience("api")
            .observationRegistry(TestObservationRegistry.create())
            .build();
    assertThatThrownBy(
            () ->
                Security.custom()
                    .tokens(observed)
                    .observationRegistry(TestObservationRegistry.create())
                    .build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("observationRegistry");
    assertThatThrownBy(() -> Security.custom().meterRegistry(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("meterRegistry");
    assertThatThrownBy(() -> TokenConfig.custom().observationRegistry(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("observationRegistry");
  }

  private static double verifications(SimpleMeterRegistry meters, String outcome, String alg) {
    return count(meters, "security.token.verifications", "outcome", outcome, "algorithm", alg);
  }

  private static void assertSameTagKeysPerName(SimpleMeterRegistry meters) {
    Map<String, List<List<String>>> keysByName =
        meters.getMeters().stream()
            .map(Meter::getId)
            .collect(
                Collectors.groupingBy(
                    Meter.Id::getName,
                    Collectors.mapping(
                        id -> id.getTags().stream().map(Tag::getKey).sorted().toList(),
                        Collectors.toList())));
    keysByName.forEach((name, keys) -> assertThat(keys).as(name).containsOnly(keys.get(0)));
  }
}
