package dev.cloudnative.docker;

import dev.cloudnative.docker.internal.DockerContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * How to reach an engine: endpoint (unix socket, tcp, tcp+TLS), optional API version, connect
 * timeout and session identity.
 *
 * <p>The API version is left unset by default so requests use unversioned paths, which Docker 20–29
 * and Podman's compat API all accept; set it only to pin an old engine. There is deliberately no
 * response timeout: a follow of logs or a wait for exit may legitimately be silent for a long time,
 * so every call bounds itself instead.
 *
 * <p>The meter registry (none by default: the engine holds no meters) receives the {@code
 * containers.operation.duration} timer; the observation registry ({@link ObservationRegistry#NOOP}
 * by default) receives one {@code containers.<operation>} observation per call.
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public record EngineConfig(
    URI host,
    Optional<Path> tlsCertPath,
    boolean tlsVerify,
    Optional<String> apiVersion,
    Duration connectTimeout,
    String sessionId,
    boolean shutdownHook,
    Optional<MeterRegistry> meterRegistry,
    ObservationRegistry observationRegistry) {

  /**
   * The environment's engine: DOCKER_HOST, then the current Docker context, then the default
   * socket.
   */
  public static EngineConfig fromEnvironment() {
    return environment().build();
  }

  /**
   * A builder pre-set as {@link #fromEnvironment()} chooses, to change timeouts or the session on
   * top.
   */
  public static Builder environment() {
    DockerContexts.Endpoint e =
        DockerContexts.resolve(System.getenv(), Path.of(System.getProperty("user.home")));
    Builder b = custom().host(e.host());
    e.tlsCertPath().ifPresent(p -> b.tls(p, e.tlsVerify()));
    return b;
  }

  /** Starts from {@code unix:///var/run/docker.sock}. */
  public static Builder custom() {
    return new Builder();
  }

  /** Builder for {@link EngineConfig}. */
  public static final class Builder {
    private URI host = URI.create("unix:///var/run/docker.sock");
    private Path tlsCertPath;
    private boolean tlsVerify;
    private String apiVersion;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private String sessionId = UUID.randomUUID().toString();
    private boolean shutdownHook;
    private MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

    /**
     * {@code unix:///path/docker.sock}, {@code tcp://host:2375} or {@code tcp://host:2376} with
     * {@link #tls}.
     */
    public Builder host(String host) {
      java.util.Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new InvalidSpecException(
            "docker host", host, "must be unix:///path or tcp://host:port");
      }
      return host(URI.create(host.trim()));
    }

    public Builder host(URI host) {
      java.util.Objects.requireNonNull(host, "host");
      String scheme = host.getScheme();
      if (scheme == null
          || !(scheme.equals("unix") || scheme.equals("tcp") || scheme.equals("npipe"))) {
        throw new InvalidSpecException(
            "docker host", host.toString(), "scheme must be unix, tcp or npipe");
      }
      if (scheme.equals("tcp") && (host.getHost() == null || host.getPort() <= 0)) {
        throw new InvalidSpecException(
            "docker host", host.toString(), "tcp endpoints need host and port");
      }
      this.host = host;
      return this;
    }

    /**
     * Client certificate folder ({@code ca.pem}, {@code cert.pem}, {@code key.pem}) for tcp+TLS.
     */
    public Builder tls(Path certPath, boolean verify) {
      this.tlsCertPath = certPath;
      this.tlsVerify = verify;
      return this;
    }

    /** Pins the API version (e.g. {@code 1.41}); unset uses unversioned paths. */
    public Builder apiVersion(String version) {
      java.util.Objects.requireNonNull(version, "version");
      if (!version.matches("1\\.[0-9]{1,3}")) {
        throw new InvalidSpecException("api version", version, "must look like 1.41");
      }
      this.apiVersion = version;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      java.util.Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new InvalidSpecException("connect timeout", timeout.toString(), "must be positive");
      }
      this.connectTimeout = timeout;
      return this;
    }

    public Builder sessionId(String id) {
      this.sessionId = dev.cloudnative.docker.internal.Validate.name("session id", id);
      return this;
    }

    /** Also remove the session's resources when the JVM exits without {@code close()}. */
    public Builder shutdownHook(boolean enabled) {
      this.shutdownHook = enabled;
      return this;
    }

    /** Where the engine records {@code containers.operation.duration}; none by default. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = java.util.Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Where the engine reports one {@code containers.<operation>} observation per call; {@link
     * ObservationRegistry#NOOP} by default.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = java.util.Objects.requireNonNull(registry, "registry");
      return this;
    }

    public EngineConfig build() {
      return new EngineConfig(
          host,
          Optional.ofNullable(tlsCertPath),
          tlsVerify,
          Optional.ofNullable(apiVersion),
          connectTimeout,
          sessionId,
          shutdownHook,
          Optional.ofNullable(meterRegistry),
          observationRegistry);
    }
  }
}
