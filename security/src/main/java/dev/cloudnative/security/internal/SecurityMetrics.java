package dev.cloudnative.security.internal;

import dev.cloudnative.security.RejectionReason;
import dev.cloudnative.security.SigningAlgorithm;
import dev.cloudnative.security.dpop.DpopRejection;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;

/**
 * The security module's meters, behind one interface so that a component without a registry holds
 * no meters at all ({@link #NOOP}) rather than an empty registry's. The names and tags are the
 * README's "Metrics" table. Implementations are thread-safe and, once a series exists, record
 * without a registry lookup or an allocation (verification is a hot path).
 */
public interface SecurityMetrics {

  /** Records nothing. */
  SecurityMetrics NOOP = new SecurityMetrics() {};

  /** {@link #NOOP} without a registry, else meters in {@code registry}. */
  static SecurityMetrics of(Optional<MeterRegistry> registry) {
    return registry.<SecurityMetrics>map(MicrometerSecurityMetrics::new).orElse(NOOP);
  }

  /** What was issued: the {@code kind} tag of {@code security.tokens.issued}. */
  enum Issued {
    /** A bearer access token. */
    ACCESS,
    /** An access token bound to a client key (RFC 9449 DPoP). */
    DPOP_ACCESS,
    /** An opaque refresh token. */
    REFRESH
  }

  /** What was revoked: the {@code kind} tag of {@code security.token.revocations}. */
  enum Revoked {
    /** One access token by its {@code jti}. */
    ACCESS,
    /** A session (refresh-token family) at logout. */
    SESSION,
    /** Every token of a subject issued until now. */
    SUBJECT
  }

  /** The {@code outcome} of a login: the tag of {@code security.logins}. */
  enum Login {
    SUCCESS,
    INVALID_CREDENTIALS,
    THROTTLED
  }

  /**
   * One access-token verification.
   *
   * @param algorithm the algorithm of the key the token named, null when rejected before a key was
   *     found
   * @param rejection null for a valid token
   */
  default void verified(SigningAlgorithm algorithm, RejectionReason rejection) {}

  /** A token was issued; {@code algorithm} is null for an opaque refresh token. */
  default void issued(Issued kind, SigningAlgorithm algorithm) {}

  /** One refresh; {@code rejection} null when it succeeded. */
  default void refreshed(RejectionReason rejection) {}

  /** A revocation went through. */
  default void revoked(Revoked kind) {}

  /** One login attempt. */
  default void login(Login outcome) {}

  /** One DPoP request; {@code rejection} null when the proof (and its token) was accepted. */
  default void dpopProof(DpopRejection rejection) {}
}
