package dev.cloudnative.security.internal;

import dev.cloudnative.security.RejectionReason;
import dev.cloudnative.security.SigningAlgorithm;
import dev.cloudnative.security.dpop.DpopRejection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@link SecurityMetrics} in a Micrometer registry.
 *
 * <p>Every series is a slot of an array indexed by enum ordinals, resolved at its first use and
 * read with one volatile load afterwards: no registry lookup, no tag array and no allocation per
 * verification. Slots fill on first use rather than up front because the outcome × algorithm
 * product (22 × 6 for verifications) would otherwise publish a hundred always-zero series. Two
 * threads racing on an empty slot both get the registry's one meter for that id.
 *
 * <p>Thread-safety: thread-safe (atomic arrays over the registry's thread-safe counters).
 */
final class MicrometerSecurityMetrics implements SecurityMetrics {
  private static final SigningAlgorithm[] ALGORITHMS = SigningAlgorithm.values();
  private static final RejectionReason[] REASONS = RejectionReason.values();
  private static final DpopRejection[] DPOP_REASONS = DpopRejection.values();
  private static final int ALGORITHM_SLOTS = ALGORITHMS.length + 1;

  private final MeterRegistry registry;
  private final AtomicReferenceArray<Counter> verifications =
      new AtomicReferenceArray<>((REASONS.length + 1) * ALGORITHM_SLOTS);
  private final AtomicReferenceArray<Counter> issued =
      new AtomicReferenceArray<>(Issued.values().length * ALGORITHM_SLOTS);
  private final AtomicReferenceArray<Counter> refreshes =
      new AtomicReferenceArray<>(REASONS.length + 1);
  private final AtomicReferenceArray<Counter> dpop =
      new AtomicReferenceArray<>(DPOP_REASONS.length + 1);
  private final Counter[] revocations = new Counter[Revoked.values().length];
  private final Counter[] logins = new Counter[Login.values().length];

  MicrometerSecurityMetrics(MeterRegistry registry) {
    this.registry = registry;
    // few and bounded: resolved up front, so a scrape shows them at 0 before the first event
    for (Revoked kind : Revoked.values()) {
      revocations[kind.ordinal()] =
          Counter.builder("security.token.revocations")
              .description("Revocations: one access token, a session (logout), or a subject")
              .tag("kind", lower(kind))
              .register(registry);
    }
    for (Login outcome : Login.values()) {
      logins[outcome.ordinal()] =
          Counter.builder("security.logins")
              .description("Login attempts by outcome; throttled ones did not check the password")
              .tag("outcome", lower(outcome))
              .register(registry);
    }
  }

  @Override
  public void verified(SigningAlgorithm algorithm, RejectionReason rejection) {
    int slot =
        (rejection == null ? 0 : rejection.ordinal() + 1) * ALGORITHM_SLOTS
            + (algorithm == null ? 0 : algorithm.ordinal() + 1);
    Counter counter = verifications.get(slot);
    if (counter == null) {
      counter =
          Counter.builder("security.token.verifications")
              .description("Access-token verifications by outcome (success or rejection reason)")
              .tags(
                  "outcome",
                  rejection == null ? "success" : lower(rejection),
                  "algorithm",
                  algorithm == null ? "unknown" : lower(algorithm))
              .register(registry);
      verifications.set(slot, counter);
    }
    counter.increment();
  }

  @Override
  public void issued(Issued kind, SigningAlgorithm algorithm) {
    int slot = kind.ordinal() * ALGORITHM_SLOTS + (algorithm == null ? 0 : algorithm.ordinal() + 1);
    Counter counter = issued.get(slot);
    if (counter == null) {
      counter =
          Counter.builder("security.tokens.issued")
              .description("Tokens issued, by kind and signing algorithm (opaque: refresh tokens)")
              .tags(
                  "kind", lower(kind), "algorithm", algorithm == null ? "opaque" : lower(algorithm))
              .register(registry);
      issued.set(slot, counter);
    }
    counter.increment();
  }

  @Override
  public void refreshed(RejectionReason rejection) {
    int slot = rejection == null ? 0 : rejection.ordinal() + 1;
    Counter counter = refreshes.get(slot);
    if (counter == null) {
      counter =
          Counter.builder("security.token.refreshes")
              .description("Refresh-token exchanges by outcome (success or rejection reason)")
              .tag("outcome", rejection == null ? "success" : lower(rejection))
              .register(registry);
      refreshes.set(slot, counter);
    }
    counter.increment();
  }

  @Override
  public void revoked(Revoked kind) {
    revocations[kind.ordinal()].increment();
  }

  @Override
  public void login(Login outcome) {
    logins[outcome.ordinal()].increment();
  }

  @Override
  public void dpopProof(DpopRejection rejection) {
    int slot = rejection == null ? 0 : rejection.ordinal() + 1;
    Counter counter = dpop.get(slot);
    if (counter == null) {
      counter =
          Counter.builder("security.dpop.proofs")
              .description("DPoP requests by outcome (success or rejection reason)")
              .tag("outcome", rejection == null ? "success" : lower(rejection))
              .register(registry);
      dpop.set(slot, counter);
    }
    counter.increment();
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
