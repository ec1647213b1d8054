package dev.cloudnative.core;

import dev.cloudnative.docker.RegistryAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to deploy as one application: the image (and how to build and push it), the replicas, the
 * service port, the containers' environment and the configuration, the namespace and how long a
 * rollout may take. Described once, then given to {@link CloudNative#deploy(AppSpec)} or {@link
 * Application#deploy(AppSpec)}:
 *
 * <pre>{@code
 * AppSpec shop = AppSpec.named("shop")
 *     .buildFrom(Path.of("shop")).image("registry.local/shop:1.0")
 *     .replicas(3).expose(80, 8080).env("MODE", "prod").config("greeting", "hello")
 *     .build();
 * cn.deploy(shop);
 * cn.deploy(shop.toBuilder().replicas(5).build());   // a changed copy; shop itself is unchanged
 * }</pre>
 *
 * <p>Every value is checked where it is given (a builder method, or this record's constructor), so
 * an {@code AppSpec} that exists is valid; a deploy never fails on its spec.
 *
 * <p>Immutable and therefore thread-safe; its maps are unmodifiable copies that keep the order in
 * which entries were given. {@link #toString()} never shows a registry password.
 *
 * @param name the application's name, also its Deployment, Service and mesh service name: a
 *     DNS-1123 label of at most 53 characters, so that derived names ({@code <name>-config}, {@code
 *     <name>-<version>}) fit
 * @param image the image reference to deploy (and to tag the build with, when {@code buildContext}
 *     is present)
 * @param buildContext a folder with a {@code Dockerfile} to build {@code image} from before
 *     deploying; empty to deploy an image that exists
 * @param push whether the image is pushed to its registry before deploying
 * @param pushAuth the credentials to push with; empty for an open registry (only present with
 *     {@code push})
 * @param replicas the number of stable replicas, 0 or more
 * @param port the service's port, 1..65535
 * @param targetPort the containers' port the service forwards to, 1..65535; also where the
 *     readiness probe and the mesh connect
 * @param env environment variables of the application's containers
 * @param config configuration entries, stored in the replicated store under {@code
 *     apps/<name>/config/<key>} and in the ConfigMap {@code <name>-config}
 * @param namespace the namespace; empty for the facade's ({@link CloudNative#namespace()})
 * @param rolloutTimeout how long a rollout may take before the operation fails, positive
 */
public record AppSpec(
    String name,
    String image,
    Optional<Path> buildContext,
    boolean push,
    Optional<RegistryAuth> pushAuth,
    int replicas,
    int port,
    int targetPort,
    Map<String, String> env,
    Map<String, String> config,
    Optional<String> namespace,
    Duration rolloutTimeout) {

  /** The default number of replicas. */
  public static final int DEFAULT_REPLICAS = 1;

  /** The default service port. */
  public static final int DEFAULT_PORT = 80;

  /** The default container port. */
  public static final int DEFAULT_TARGET_PORT = 8080;

  /** The default rollout timeout. */
  public static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(5);

  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,51}[a-z0-9])?");

  /** Checks every value; see the parameters for what is allowed. */
  public AppSpec {
    checkName(name);
    checkImage(image);
    Objects.requireNonNull(buildContext, "buildContext");
    Objects.requireNonNull(pushAuth, "pushAuth");
    if (pushAuth.isPresent() && !push) {
      throw new IllegalArgumentException(
          "pushAuth was given with push false; allowed only when the image is pushed");
    }
    checkReplicas(replicas);
    checkPort("port", port);
    checkPort("targetPort", targetPort);
    env = copy(env, "env");
    config = copy(config, "config");
    Objects.requireNonNull(namespace, "namespace");
    namespace.ifPresent(AppSpec::checkNamespace);
    checkTimeout(rolloutTimeout);
  }

  /**
   * Starts the spec of the application {@code name}; {@link Builder#image(String)} is required,
   * everything else has a default (1 replica, port 80 to 8080, the facade's namespace, a 5-minute
   * rollout timeout, no build, no push).
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is not a DNS-1123 label of at most 53
   *     characters
   */
  public static Builder named(String name) {
    checkName(name);
    return new Builder(name);
  }

  /** A builder holding this spec's values, to describe a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This spec running {@code reference}, an image that exists: no build and no push. */
  AppSpec runningPrebuilt(String reference) {
    return toBuilder().image(reference).prebuilt().build();
  }

  /** This spec with {@code count} replicas. */
  AppSpec withReplicas(int count) {
    return toBuilder().replicas(count).build();
  }

  /** A readable line that never shows a registry password. */
  @Override
  public String toString() {
    return "AppSpec[name="
        + name
        + ", image="
        + image
        + buildContext.map(p -> ", buildFrom=" + p).orElse("")
        + (push ? ", push" + pushAuth.map(a -> " as " + a.username()).orElse("") : "")
        + ", replicas="
        + replicas
        + ", expose="
        + port
        + "->"
        + targetPort
        + (env.isEmpty() ? "" : ", env=" + env.keySet())
        + (config.isEmpty() ? "" : ", config=" + config)
        + namespace.map(n -> ", namespace=" + n).orElse("")
        + ", rolloutTimeout="
        + rolloutTimeout
        + "]";
  }

  static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "application name '"
              + name
              + "' is not allowed: use a DNS-1123 label of lower-case letters, digits and '-',"
              + " starting with a letter, at most 53 characters");
    }
  }

  private static void checkImage(String reference) {
    Objects.requireNonNull(reference, "image");
    if (reference.isBlank()) {
      throw new IllegalArgumentException(
          "image reference was '" + reference + "'; allowed a non-blank reference");
    }
  }

  static void checkReplicas(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("replicas was " + count + "; allowed 0 or more");
    }
  }

  private static void checkPort(String what, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " was " + port + "; allowed 1..65535");
    }
  }

  private static void checkNamespace(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(
          "namespace was '" + value + "'; allowed a non-blank namespace name");
    }
  }

  private static void checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "rolloutTimeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "rollout timeout was " + timeout + "; allowed a positive duration");
    }
  }

  private static Map<String, String> copy(Map<String, String> entries, String what) {
    Objects.requireNonNull(entries, what);
    Map<String, String> copy = new LinkedHashMap<>();
    entries.forEach(
        (k, v) ->
            copy.put(
                Objects.requireNonNull(k, what + " key"),
                Objects.requireNonNull(v, what + " value of " + k)));
    // insertion order is kept: it is the order of the containers' environment and the ConfigMap
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Collects an {@link AppSpec}; each method checks its value at once and throws before anything is
   * kept. {@link #build()} can be called more than once: each spec is a copy, so the builder's
   * later changes never reach a spec it built.
   *
   * <p>Not thread-safe: one caller builds, then shares the immutable spec.
   */
  public static final class Builder {
    private final String name;
    private String image;
    private Optional<Path> buildContext = Optional.empty();
    private boolean push;
    private Optional<RegistryAuth> pushAuth = Optional.empty();
    private int replicas = DEFAULT_REPLICAS;
    private int port = DEFAULT_PORT;
    private int targetPort = DEFAULT_TARGET_PORT;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> config = new LinkedHashMap<>();
    private Optional<String> namespace = Optional.empty();
    private Duration rolloutTimeout = DEFAULT_ROLLOUT_TIMEOUT;

    private Builder(String name) {
      this.name = name;
    }

    private Builder(AppSpec spec) {
      this.name = spec.name;
      this.image = spec.image;
      this.buildContext = spec.buildContext;
      this.push = spec.push;
      this.pushAuth = spec.pushAuth;
      this.replicas = spec.replicas;
      this.port = spec.port;
      this.targetPort = spec.targetPort;
      this.env.putAll(spec.env);
      this.config.putAll(spec.config);
      this.namespace = spec.namespace;
      this.rolloutTimeout = spec.rolloutTimeout;
    }

    /** Builds the image from this context folder (with its {@code Dockerfile}) before deploying. */
    public Builder buildFrom(Path contextDir) {
      this.buildContext = Optional.of(Objects.requireNonNull(contextDir, "contextDir"));
      return this;
    }

    /**
     * Deploys the image as it exists: no build and no push (undoes {@link #buildFrom}, {@link
     * #push()} and {@link #pushWith}).
     */
    public Builder prebuilt() {
      this.buildContext = Optional.empty();
      this.push = false;
      this.pushAuth = Optional.empty();
      return this;
    }

    /** The image reference to build (when {@link #buildFrom} is set) and deploy; required. */
    public Builder image(String reference) {
      checkImage(reference);
      this.image = reference;
      return this;
    }

    /** Pushes the built image to its registry with these credentials before deploying. */
    public Builder pushWith(RegistryAuth auth) {
      this.pushAuth = Optional.of(Objects.requireNonNull(auth, "auth"));
      this.push = true;
      return this;
    }

    /** Pushes the image to an open registry before deploying. */
    public Builder push() {
      this.push = true;
      this.pushAuth = Optional.empty();
      return this;
    }

    /** The number of stable replicas (default 1). */
    public Builder replicas(int count) {
      checkReplicas(count);
      this.replicas = count;
      return this;
    }

    /** Exposes the service on {@code port}, forwarding to the containers' {@code targetPort}. */
    public Builder expose(int port, int targetPort) {
      checkPort("port", port);
      checkPort("targetPort", targetPort);
      this.port = port;
      this.targetPort = targetPort;
      return this;
    }

    /** An environment variable of the application's containers; a second call replaces it. */
    public Builder env(String key, String value) {
      env.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Leaves out the environment variable {@code key}, e.g. from a {@link #toBuilder()} copy. */
    public Builder withoutEnv(String key) {
      env.remove(Objects.requireNonNull(key, "key"));
      return this;
    }

    /**
     * A configuration entry: stored in the replicated store under {@code apps/<name>/config/<key>}
     * and in the ConfigMap {@code <name>-config}; a second call replaces it.
     */
    public Builder config(String key, String value) {
      config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Leaves out the configuration entry {@code key}, e.g. from a {@link #toBuilder()} copy. */
    public Builder withoutConfig(String key) {
      config.remove(Objects.requireNonNull(key, "key"));
      return this;
    }

    /** The namespace (default: the facade's). */
    public Builder namespace(String value) {
      Objects.requireNonNull(value, "namespace");
      checkNamespace(value);
      this.namespace = Optional.of(value);
      return this;
    }

    /** How long a rollout may take before the operation fails (default 5 minutes). */
    public Builder rolloutTimeout(Duration timeout) {
      checkTimeout(timeout);
      this.rolloutTimeout = timeout;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalStateException if no image was given
     */
    public AppSpec build() {
      if (image == null) {
        throw new IllegalStateException(
            "application '" + name + "' has no image: call image(...) before build()");
      }
      return new AppSpec(
          name,
          image,
          buildContext,
          push,
          pushAuth,
          replicas,
          port,
          targetPort,
          env,
          config,
          namespace,
          rolloutTimeout);
    }
  }
}
