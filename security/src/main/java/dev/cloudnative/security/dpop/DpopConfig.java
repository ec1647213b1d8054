package dev.cloudnative.security.dpop;

import dev.cloudnative.security.InvalidConfigurationException;
import dev.cloudnative.security.SigningAlgorithm;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of a {@link DpopVerifier}: accepted proof algorithms, how old a proof may be, clock
 * skew, the replay cache's bound, server nonces and a size cap applied before any parsing.
 *
 * <pre>{@code
 * DpopConfig config = DpopConfig.custom()
 *     .proofMaxAge(Duration.ofSeconds(60))
 *     .requireNonce(true)
 *     .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class DpopConfig {

  /** The algorithms a DPoP proof may use; HMAC is excluded because the server cannot know it. */
  public static final Set<SigningAlgorithm> SUPPORTED_ALGORITHMS =
      Set.of(SigningAlgorithm.ES256, SigningAlgorithm.PS256, SigningAlgorithm.RS256);

  private static final Duration MAX_SKEW = Duration.ofSeconds(60);
  private static final Duration MAX_PROOF_AGE = Duration.ofMinutes(10);

  private final Set<SigningAlgorithm> algorithms;
  private final Duration proofMaxAge;
  private final Duration clockSkew;
  private final int replayCacheSize;
  private final boolean requireNonce;
  private final Duration nonceRotation;
  private final Duration nonceGrace;
  private final int maxProofLength;
  private final Clock clock;
  private final MeterRegistry meterRegistry;

  private DpopConfig(Builder b) {
    this.algorithms = Set.copyOf(b.algorithms);
    this.proofMaxAge = b.proofMaxAge;
    this.clockSkew = b.clockSkew;
    this.replayCacheSize = b.replayCacheSize;
    this.requireNonce = b.requireNonce;
    this.nonceRotation = b.nonceRotation;
    this.nonceGrace = b.nonceGrace;
    this.maxProofLength = b.maxProofLength;
    this.clock = b.clock;
    this.meterRegistry = b.meterRegistry;
  }

  /** The defaults: ES256, PS256 and RS256, 60 s proofs, 5 s skew, 100,000 remembered proofs. */
  public static DpopConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  /** The {@code alg} values a proof may carry. */
  public Set<SigningAlgorithm> algorithms() {
    return algorithms;
  }

  /** How long after its {@code iat} a proof is accepted (plus {@link #clockSkew()}). */
  public Duration proofMaxAge() {
    return proofMaxAge;
  }

  public Duration clockSkew() {
    return clockSkew;
  }

  /** The most proofs remembered for replay detection at once. */
  public int replayCacheSize() {
    return replayCacheSize;
  }

  /** True if every proof must carry a current server nonce (RFC 9449 §9). */
  public boolean requireNonce() {
    return requireNonce;
  }

  /** How often the server nonce changes. */
  public Duration nonceRotation() {
    return nonceRotation;
  }

  /** How long the previous nonce stays accepted after a rotation. */
  public Duration nonceGrace() {
    return nonceGrace;
  }

  /** Longest {@code DPoP} header accepted; longer ones are refused before decoding. */
  public int maxProofLength() {
    return maxProofLength;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Where the verifier counts DPoP requests by outcome ({@code security.dpop.proofs}); empty (the
   * default) records no meters at all.
   */
  public Optional<MeterRegistry> meterRegistry() {
    return Optional.ofNullable(meterRegistry);
  }

  /** Builder for {@link DpopConfig}; not thread-safe. */
  public static final class Builder {
    private Set<SigningAlgorithm> algorithms = SUPPORTED_ALGORITHMS;
    private Duration proofMaxAge = Duration.ofSeconds(60);
    private Duration clockSkew = Duration.ofSeconds(5);
    private int replayCacheSize = 100_000;
    private boolean requireNonce;
    private Duration nonceRotation = Duration.ofMinutes(5);
    private Duration nonceGrace = Duration.ofSeconds(60);
    private int maxProofLength = 8 * 1024;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry;

    private Builder() {}

    /** The proof algorithms to accept; a subset of {@link #SUPPORTED_ALGORITHMS}. */
    public Builder algorithms(SigningAlgorithm... algorithms) {
      Objects.requireNonNull(algorithms, "algorithms");
      List<SigningAlgorithm> list = Arrays.asList(algorithms);
      if (list.isEmpty() || list.contains(null) || !SUPPORTED_ALGORITHMS.containsAll(list)) {
        throw new InvalidConfigurationException(
            "DPoP algorithms "
                + list
                + " are not allowed; allowed: a non-empty subset of "
                + EnumSet.copyOf(SUPPORTED_ALGORITHMS));
      }
      this.algorithms = EnumSet.copyOf(list);
      return this;
    }

    /** Between 1 s and 10 min; 60 s by default. */
    public Builder proofMaxAge(Duration proofMaxAge) {
      Objects.requireNonNull(proofMaxAge, "proofMaxAge");
      if (proofMaxAge.compareTo(Duration.ofSeconds(1)) < 0
          || proofMaxAge.compareTo(MAX_PROOF_AGE) > 0) {
        throw new InvalidConfigurationException(
            "proofMaxAge " + proofMaxAge + " is out of range; allowed 1 s .. " + MAX_PROOF_AGE);
      }
      this.proofMaxAge = proofMaxAge;
      return this;
    }

    /** Between 0 and 60 s; 5 s by default. */
    public Builder clockSkew(Duration clockSkew) {
      Objects.requireNonNull(clockSkew, "clockSkew");
      if (clockSkew.isNegative() || clockSkew.compareTo(MAX_SKEW) > 0) {
        throw new InvalidConfigurationException(
            "clockSkew " + clockSkew + " is out of range; allowed 0 .. " + MAX_SKEW);
      }
      this.clockSkew = clockSkew;
      return this;
    }

    /** Between 1 and 10,000,000 entries; 100,000 by default. */
    public Builder replayCacheSize(int replayCacheSize) {
      if (replayCacheSize < 1 || replayCacheSize > 10_000_000) {
        throw new InvalidConfigurationException(
            "replayCacheSize " + replayCacheSize + " is out of range; allowed 1 .. 10,000,000");
      }
      this.replayCacheSize = replayCacheSize;
      return this;
    }

    /** Off by default. */
    public Builder requireNonce(boolean requireNonce) {
      this.requireNonce = requireNonce;
      return this;
    }

    /** Between 1 s and 1 day; 5 min by default. */
    public Builder nonceRotation(Duration nonceRotation) {
      Objects.requireNonNull(nonceRotation, "nonceRotation");
      if (nonceRotation.compareTo(Duration.ofSeconds(1)) < 0
          || nonceRotation.compareTo(Duration.ofDays(1)) > 0) {
        throw new InvalidConfigurationException(
            "nonceRotation " + nonceRotation + " is out of range; allowed 1 s .. 1 day");
      }
      this.nonceRotation = nonceRotation;
      return this;
    }

    /** Between 0 and 1 day; 60 s by default. */
    public Builder nonceGrace(Duration nonceGrace) {
      Objects.requireNonNull(nonceGrace, "nonceGrace");
      if (nonceGrace.isNegative() || nonceGrace.compareTo(Duration.ofDays(1)) > 0) {
        throw new InvalidConfigurationException(
            "nonceGrace " + nonceGrace + " is out of range; allowed 0 .. 1 day");
      }
      this.nonceGrace = nonceGrace;
      return this;
    }

    /** Between 256 and 65,536 characters; 8 KiB by default. */
    public Builder maxProofLength(int maxProofLength) {
      if (maxProofLength < 256 || maxProofLength > 65_536) {
        throw new InvalidConfigurationException(
            "maxProofLength " + maxProofLength + " is out of range; allowed 256 .. 65,536");
      }
      this.maxProofLength = maxProofLength;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Counts DPoP requests by outcome in {@code registry} (default: no meters). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    public DpopConfig build() {
      return new DpopConfig(this);
    }
  }
}
