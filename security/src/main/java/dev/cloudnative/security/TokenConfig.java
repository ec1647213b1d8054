package dev.cloudnative.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Settings shared by token issuance and verification: issuer, audience, lifetimes, clock skew,
 * required claims, the expected {@code typ} and a size cap applied before any parsing.
 *
 * <pre>{@code
 * TokenConfig config = TokenConfig.custom()
 *     .issuer("https://auth.example.com")
 *     .audience("orders-api")
 *     .accessTokenTtl(Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class TokenConfig {

  /**
   * Claims a verifier requires unless told otherwise (RFC 9068 plus {@code jti} for revocation).
   */
  public static final Set<String> DEFAULT_REQUIRED_CLAIMS =
      Set.of("iss", "sub", "aud", "exp", "iat", "jti");

  /** The access-token media type of RFC 9068. */
  public static final String ACCESS_TOKEN_TYPE = "at+jwt";

  public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

  private final String issuer;
  private final String audience;
  private final Duration accessTokenTtl;
  private final Duration refreshTokenTtl;
  private final Duration sessionMaxLifetime;
  private final Duration clockSkew;
  private final int maxTokenLength;
  private final Set<String> requiredClaims;
  private final String expectedType;
  private final boolean requireKeyId;
  private final Clock clock;
  private final MeterRegistry meterRegistry;
  private final ObservationRegistry observationRegistry;

  private TokenConfig(Builder b) {
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.accessTokenTtl = b.accessTokenTtl;
    this.refreshTokenTtl = b.refreshTokenTtl;
    this.sessionMaxLifetime = b.sessionMaxLifetime;
    this.clockSkew = b.clockSkew;
    this.maxTokenLength = b.maxTokenLength;
    this.requiredClaims = b.requiredClaims;
    this.expectedType = b.expectedType;
    this.requireKeyId = b.requireKeyId;
    this.clock = b.clock;
    this.meterRegistry = b.meterRegistry;
    this.observationRegistry = b.observationRegistry;
  }

  /** A copy of {@code base} with other registries: how {@link Security} hands its own down. */
  private TokenConfig(
      TokenConfig base, MeterRegistry meterRegistry, ObservationRegistry observationRegistry) {
    this.issuer = base.issuer;
    this.audience = base.audience;
    this.accessTokenTtl = base.accessTokenTtl;
    this.refreshTokenTtl = base.refreshTokenTtl;
    this.sessionMaxLifetime = base.sessionMaxLifetime;
    this.clockSkew = base.clockSkew;
    this.maxTokenLength = base.maxTokenLength;
    this.requiredClaims = base.requiredClaims;
    this.expectedType = base.expectedType;
    this.requireKeyId = base.requireKeyId;
    this.clock = base.clock;
    this.meterRegistry = meterRegistry;
    this.observationRegistry = observationRegistry;
  }

  TokenConfig withRegistries(MeterRegistry meterRegistry, ObservationRegistry observationRegistry) {
    return new TokenConfig(this, meterRegistry, observationRegistry);
  }

  public static Builder custom() {
    return new Builder();
  }

  /** The {@code iss} this service writes and requires (exact match). */
  public String issuer() {
    return issuer;
  }

  /** The {@code aud} written into tokens and required on verification, if configured. */
  public Optional<String> audience() {
    return Optional.ofNullable(audience);
  }

  public Duration accessTokenTtl() {
    return accessTokenTtl;
  }

  public Duration refreshTokenTtl() {
    return refreshTokenTtl;
  }

  /**
   * Absolute lifetime of a refresh-token family (a login session), however often it is refreshed.
   */
  public Duration sessionMaxLifetime() {
    return sessionMaxLifetime;
  }

  public Duration clockSkew() {
    return clockSkew;
  }

  public int maxTokenLength() {
    return maxTokenLength;
  }

  public Set<String> requiredClaims() {
    return requiredClaims;
  }

  /**
   * The required {@code typ} header (compared case-insensitively, {@code application/} prefix
   * allowed).
   */
  public Optional<String> expectedType() {
    return Optional.ofNullable(expectedType);
  }

  public boolean requireKeyId() {
    return requireKeyId;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Where the token service or verifier built on this config counts issued, verified, refreshed and
   * revoked tokens (the README's "Metrics"); empty (the default) records no meters at all.
   */
  public Optional<MeterRegistry> meterRegistry() {
    return Optional.ofNullable(meterRegistry);
  }

  /**
   * Where refreshes are observed ({@code security.token.refresh}); {@link ObservationRegistry#NOOP}
   * by default, which skips the work.
   */
  public ObservationRegistry observationRegistry() {
    return observationRegistry;
  }

  /** Builder for {@link TokenConfig}; not thread-safe. */
  public static final class Builder {
    private String issuer;
    private String audience;
    private Duration accessTokenTtl = Duration.ofMinutes(5);
    private Duration refreshTokenTtl = Duration.ofHours(8);
    private Duration sessionMaxLifetime = Duration.ofDays(7);
    private Duration clockSkew = Duration.ofSeconds(30);
    private int maxTokenLength = 8 * 1024;
    private Set<String> requiredClaims = DEFAULT_REQUIRED_CLAIMS;
    private String expectedType = ACCESS_TOKEN_TYPE;
    private boolean requireKeyId = true;
    private Clock clock = Clock.systemUTC();
    private MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    private Builder() {}

    /** Required. */
    public Builder issuer(String issuer) {
      Objects.requireNonNull(issuer, "issuer");
      if (issuer.isBlank() || issuer.length() > 256) {
        throw new InvalidConfigurationException(
            "issuer must be 1..256 non-blank characters, got '" + issuer + "'");
      }
      this.issuer = issuer;
      return this;
    }

    /** Required to issue tokens; on a verify-only config, leaving it unset accepts any audience. */
    public Builder audience(String audience) {
      Objects.requireNonNull(audience, "audience");
      if (audience.isBlank() || audience.length() > 256) {
        throw new InvalidConfigurationException(
            "audience must be 1..256 non-blank characters, got '" + audience + "'");
      }
      this.audience = audience;
      return this;
    }

    /** 10 s .. 1 h; default 5 min. */
    public Builder accessTokenTtl(Duration ttl) {
      this.accessTokenTtl =
          ConfigBounds.within("accessTokenTtl", ttl, Duration.ofSeconds(10), Duration.ofHours(1));
      return this;
    }

    /** 1 min .. 30 days; default 8 h. */
    public Builder refreshTokenTtl(Duration ttl) {
      this.refreshTokenTtl =
          ConfigBounds.within("refreshTokenTtl", ttl, Duration.ofMinutes(1), Duration.ofDays(30));
      return this;
    }

    /** 1 min .. 90 days; default 7 days. */
    public Builder sessionMaxLifetime(Duration ttl) {
      this.sessionMaxLifetime =
          ConfigBounds.within(
              "sessionMaxLifetime", ttl, Duration.ofMinutes(1), Duration.ofDays(90));
      return this;
    }

    /** 0 .. 60 s; default 30 s. */
    public Builder clockSkew(Duration skew) {
      this.clockSkew = ConfigBounds.within("clockSkew", skew, Duration.ZERO, MAX_CLOCK_SKEW);
      return this;
    }

    /** Tokens longer than this are rejected before decoding; 512 .. 65536, default 8192. */
    public Builder maxTokenLength(int chars) {
      if (chars < 512 || chars > 65_536) {
        throw new InvalidConfigurationException(
            "maxTokenLength " + chars + " is outside 512..65536");
      }
      this.maxTokenLength = chars;
      return this;
    }

    /** Claims that must be present; {@code iss} and {@code exp} are always required. */
    public Builder requiredClaims(Set<String> claims) {
      Objects.requireNonNull(claims, "claims");
      java.util.HashSet<String> set = new java.util.HashSet<>(claims);
      set.add("iss");
      set.add("exp");
      this.requiredClaims = Set.copyOf(set);
      return this;
    }

    /** The required {@code typ}; default {@code at+jwt}. */
    public Builder expectedType(String type) {
      Objects.requireNonNull(type, "type");
      if (type.isBlank()) {
        throw new InvalidConfigurationException(
            "expectedType '"
                + type
                + "' is blank; allowed a non-blank type, or anyType() to accept any");
      }
      this.expectedType = type;
      return this;
    }

    /** Accept any (or no) {@code typ}: only for tokens of other issuers that do not type them. */
    public Builder anyType() {
      this.expectedType = null;
      return this;
    }

    /**
     * Whether a token must name its key (default true). When false, a token without {@code kid} is
     * checked against the ring's only key, and rejected if the ring has several.
     */
    public Builder requireKeyId(boolean require) {
      this.requireKeyId = require;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * For a {@link TokenService} or {@link TokenVerifier} used alone: where it records its meters.
     * Through {@link Security}, give the registry to {@link Security.Builder#meterRegistry}, which
     * hands it to every component it builds.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
      return this;
    }

    /**
     * For a {@link TokenService} used alone: where it observes refreshes. Through {@link Security},
     * give it to {@link Security.Builder#observationRegistry}.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "observationRegistry");
      return this;
    }

    public TokenConfig build() {
      if (issuer == null) {
        throw new InvalidConfigurationException("issuer is required");
      }
      if (audience == null && requiredClaims.contains("aud")) {
        // A verifier that requires aud must know which one: otherwise any service's token would
        // pass.
        throw new InvalidConfigurationException(
            "audience is required while 'aud' is a required claim");
      }
      if (refreshTokenTtl.compareTo(sessionMaxLifetime) > 0) {
        throw new InvalidConfigurationException(
            "refreshTokenTtl "
                + refreshTokenTtl
                + " exceeds sessionMaxLifetime "
                + sessionMaxLifetime);
      }
      return new TokenConfig(this);
    }
  }
}
