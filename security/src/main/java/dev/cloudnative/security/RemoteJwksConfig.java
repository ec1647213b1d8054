package dev.cloudnative.security;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how a {@link RemoteJwks} fetches an issuer's key set: the JWKS URL, the cache bounds
 * its {@code Cache-Control} is clamped to, the refresh rate limit, the request timeout, how long
 * cached keys keep serving through an issuer outage, and caps on the response.
 *
 * <pre>{@code
 * RemoteJwksConfig config = RemoteJwksConfig.custom(URI.create("https://auth.example.com/jwks"))
 *     .cacheBounds(Duration.ofMinutes(1), Duration.ofHours(24))
 *     .refreshRateLimit(Duration.ofSeconds(30))
 *     .timeout(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * <p>Only {@code https} URLs are accepted; {@code http} only for a loopback host ({@code
 * 127.0.0.0/8}, {@code ::1}, {@code localhost}), which is for tests. The check is made on the URL
 * text alone: no name is looked up and no connection is attempted.
 *
 * <p>Thread-safety: immutable.
 */
public final class RemoteJwksConfig {

  private final URI uri;
  private final Duration minCache;
  private final Duration maxCache;
  private final Duration defaultCache;
  private final Duration refreshRateLimit;
  private final Duration timeout;
  private final Duration staleIfError;
  private final int maxResponseBytes;
  private final int maxKeys;
  private final Clock clock;

  private RemoteJwksConfig(Builder b) {
    this.uri = b.uri;
    this.minCache = b.minCache;
    this.maxCache = b.maxCache;
    this.defaultCache = b.defaultCache;
    this.refreshRateLimit = b.refreshRateLimit;
    this.timeout = b.timeout;
    this.staleIfError = b.staleIfError;
    this.maxResponseBytes = b.maxResponseBytes;
    this.maxKeys = b.maxKeys;
    this.clock = b.clock;
  }

  /**
   * A builder for the key set at {@code uri}.
   *
   * @throws InvalidConfigurationException if the URL is not {@code https} (or {@code http} on a
   *     loopback host), has no host, or carries user info or a fragment
   */
  public static Builder custom(URI uri) {
    return new Builder(checkUri(uri));
  }

  /** The JWKS URL. */
  public URI uri() {
    return uri;
  }

  /** The shortest time a fetched key set is considered fresh, whatever the issuer says. */
  public Duration minCacheDuration() {
    return minCache;
  }

  /** The longest time a fetched key set is considered fresh, whatever the issuer says. */
  public Duration maxCacheDuration() {
    return maxCache;
  }

  /** Freshness when the response has neither {@code Cache-Control: max-age} nor {@code Expires}. */
  public Duration defaultCacheDuration() {
    return defaultCache;
  }

  /** The least time between the starts of two fetches (after the first). */
  public Duration refreshRateLimit() {
    return refreshRateLimit;
  }

  /** Connect and whole-response timeout of one fetch. */
  public Duration timeout() {
    return timeout;
  }

  /**
   * How long past its freshness a key set keeps verifying while every refresh fails; after that
   * tokens are rejected with {@link RejectionReason#KEY_SET_UNAVAILABLE}.
   */
  public Duration staleIfError() {
    return staleIfError;
  }

  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  public int maxKeys() {
    return maxKeys;
  }

  /** The clock of cache freshness and the rate limit. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "RemoteJwksConfig[" + uri + "]";
  }

  private static URI checkUri(URI uri) {
    Objects.requireNonNull(uri, "uri");
    String allowed =
        "; allowed: an absolute https URL, or http on a loopback host (127.0.0.0/8, ::1,"
            + " localhost) for tests";
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (!uri.isAbsolute() || uri.isOpaque() || host == null || host.isEmpty()) {
      throw new InvalidConfigurationException("JWKS URL '" + uri + "' has no host" + allowed);
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new InvalidConfigurationException(
          "JWKS URL '" + uri + "' carries user info or a fragment" + allowed);
    }
    if (scheme.equals("https")) {
      return uri;
    }
    if (scheme.equals("http") && isLoopback(host)) {
      return uri;
    }
    throw new InvalidConfigurationException(
        "JWKS URL '" + uri + "' uses scheme '" + scheme + "' on host '" + host + "'" + allowed);
  }

  /** Decides on the literal only: a name other than localhost would need a lookup. */
  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean ipv6 = host.startsWith("[") && host.endsWith("]");
    boolean ipv4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    if (!ipv4 && !ipv6) {
      return false;
    }
    try {
      // An IP literal is parsed, never resolved.
      return InetAddress.getByName(ipv6 ? host.substring(1, host.length() - 1) : host)
          .isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Builder for {@link RemoteJwksConfig}; not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private Duration minCache = Duration.ofMinutes(1);
    private Duration maxCache = Duration.ofHours(24);
    private Duration defaultCache = Duration.ofMinutes(5);
    private Duration refreshRateLimit = Duration.ofSeconds(30);
    private Duration timeout = Duration.ofSeconds(5);
    private Duration staleIfError = Duration.ofHours(6);
    private int maxResponseBytes = 1024 * 1024;
    private int maxKeys = 100;
    private Clock clock = Clock.systemUTC();

    private Builder(URI uri) {
      this.uri = uri;
    }

    /**
     * The bounds a response's {@code max-age} or {@code Expires} is clamped to; {@code no-store}
     * and {@code no-cache} mean {@code min}. 1 s &le; min &le; max &le; 30 days; default 1 min ..
     * 24 h.
     */
    public Builder cacheBounds(Duration min, Duration max) {
      Objects.requireNonNull(min, "min");
      Objects.requireNonNull(max, "max");
      ConfigBounds.within("cacheBounds min", min, Duration.ofSeconds(1), Duration.ofDays(30));
      ConfigBounds.within("cacheBounds max", max, Duration.ofSeconds(1), Duration.ofDays(30));
      if (min.compareTo(max) > 0) {
        throw new InvalidConfigurationException(
            "cacheBounds min " + min + " exceeds max " + max + "; allowed: min <= max");
      }
      this.minCache = min;
      this.maxCache = max;
      return this;
    }

    /** Freshness without caching headers (then clamped to the bounds); 1 s .. 30 days, 5 min. */
    public Builder defaultCacheDuration(Duration d) {
      this.defaultCache =
          ConfigBounds.within(
              "defaultCacheDuration", d, Duration.ofSeconds(1), Duration.ofDays(30));
      return this;
    }

    /** The least time between two fetches; 1 s .. 1 h, default 30 s. */
    public Builder refreshRateLimit(Duration d) {
      this.refreshRateLimit =
          ConfigBounds.within("refreshRateLimit", d, Duration.ofSeconds(1), Duration.ofHours(1));
      return this;
    }

    /** Timeout of one fetch; 100 ms .. 60 s, default 5 s. */
    public Builder timeout(Duration d) {
      this.timeout =
          ConfigBounds.within("timeout", d, Duration.ofMillis(100), Duration.ofSeconds(60));
      return this;
    }

    /** Stale-if-error bound; 0 .. 30 days, default 6 h. */
    public Builder staleIfError(Duration d) {
      this.staleIfError =
          ConfigBounds.within("staleIfError", d, Duration.ZERO, Duration.ofDays(30));
      return this;
    }

    /** A longer response is refused; 1 KiB .. 16 MiB, default 1 MiB. */
    public Builder maxResponseBytes(int bytes) {
      if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
        throw new InvalidConfigurationException(
            "maxResponseBytes " + bytes + " is outside 1024..16777216");
      }
      this.maxResponseBytes = bytes;
      return this;
    }

    /** A key set with more keys is refused; 1 .. 1000, default 100. */
    public Builder maxKeys(int keys) {
      if (keys < 1 || keys > 1000) {
        throw new InvalidConfigurationException("maxKeys " + keys + " is outside 1..1000");
      }
      this.maxKeys = keys;
      return this;
    }

    /** Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public RemoteJwksConfig build() {
      return new RemoteJwksConfig(this);
    }
  }
}
