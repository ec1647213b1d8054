package dev.cloudnative.core;

import dev.cloudnative.core.wiring.ClusterEndpointFeed;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.ImageInfo;
import dev.cloudnative.docker.RegistryAuth;
import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ConfigMapSpec;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.Probe;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.mesh.Destination;
import dev.cloudnative.mesh.RouteTable;
import dev.cloudnative.security.Authorizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application deployed through every module at once: an image built (and pushed), a Deployment
 * and Service rolled out, its configuration kept in the replicated store, and its ready pods
 * registered in the mesh, where canary versions get a weighted share of the traffic.
 *
 * <pre>{@code
 * DeployReport report = cn.app("shop")
 *     .buildFrom(Path.of("shop")).image("registry.local/shop:1.0")
 *     .replicas(3).expose(80, 8080).env("MODE", "prod").config("greeting", "hello")
 *     .deploy();
 * cn.app("shop").canary("v2", "registry.local/shop:2.0", 20);
 * cn.app("shop").promote();
 * }</pre>
 *
 * <p>Configuration methods change the desired state; operations ({@code deploy}, {@code scale},
 * {@code canary}, {@code promote}, {@code rollback}, {@code status}, {@code undeploy}) act on it.
 * Every operation either completes or throws {@link DeployException} naming the failed step; what
 * it had created stays in place and {@link #undeploy()} removes it.
 *
 * <p>Thread-safe: operations on one application run one at a time.
 */
public final class Application {

  /** Permission needed for deploy, canary, promote and rollback when the facade is guarded. */
  public static final String PERMISSION_DEPLOY = "apps:deploy";

  /** Permission needed for scale when the facade is guarded. */
  public static final String PERMISSION_SCALE = "apps:scale";

  /** Permission needed for status when the facade is guarded. */
  public static final String PERMISSION_READ = "apps:read";

  /** Permission needed for undeploy when the facade is guarded. */
  public static final String PERMISSION_DELETE = "apps:delete";

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);
  private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,51}[a-z0-9])?");
  private static final Pattern VERSION = Pattern.compile("[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?");

  private final CloudNative cn;
  private final String name;
  private final Optional<Authorizer> guard;
  private final Optional<String> token;
  private final State state;

  Application(CloudNative cn, String name, Optional<Authorizer> guard) {
    this(cn, name, guard, Optional.empty(), new State(cn.namespace()));
  }

  private Application(
      CloudNative cn,
      String name,
      Optional<Authorizer> guard,
      Optional<String> token,
      State state) {
    this.cn = cn;
    this.name = name;
    this.guard = guard;
    this.token = token;
    this.state = state;
  }

  static void validateName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "application name '"
              + name
              + "' is not allowed: use a DNS-1123 label of lower-case letters, digits and '-',"
              + " starting with a letter, at most 53 characters");
    }
  }

  /** The application's name (also its Deployment, Service and mesh service name). */
  public String name() {
    return name;
  }

  /**
   * The same application acting with {@code accessToken}: on a guarded facade each operation checks
   * that the token carries the operation's permission and throws the security module's
   * access-denied exception otherwise.
   */
  public Application as(String accessToken) {
    Objects.requireNonNull(accessToken, "accessToken");
    return new Application(cn, name, guard, Optional.of(accessToken), state);
  }

  // ---- desired state

  /** Builds the image from this context folder (with its {@code Dockerfile}) before deploying. */
  public Application buildFrom(Path contextDir) {
    Objects.requireNonNull(contextDir, "contextDir");
    synchronized (state) {
      state.buildContext = contextDir;
    }
    return this;
  }

  /** The image reference to build (when {@link #buildFrom} is set) and deploy. */
  public Application image(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("image reference must not be empty");
    }
    synchronized (state) {
      state.image = reference;
    }
    return this;
  }

  /** Pushes the built image to its registry with these credentials before deploying. */
  public Application pushWith(RegistryAuth auth) {
    Objects.requireNonNull(auth, "auth");
    synchronized (state) {
      state.push = Optional.of(auth);
      state.pushEnabled = true;
    }
    return this;
  }

  /** Pushes the built image to an open registry before deploying. */
  public Application push() {
    synchronized (state) {
      state.pushEnabled = true;
    }
    return this;
  }

  /** The number of stable replicas (default 1). */
  public Application replicas(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("replicas was " + count + "; allowed 0 or more");
    }
    synchronized (state) {
      state.replicas = count;
    }
    return this;
  }

  /** Exposes the service on {@code port}, forwarding to the containers' {@code targetPort}. */
  public Application expose(int port, int targetPort) {
    checkPort("port", port);
    checkPort("targetPort", targetPort);
    synchronized (state) {
      state.port = port;
      state.targetPort = targetPort;
    }
    return this;
  }

  /** An environment variable of the application's containers. */
  public Application env(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    synchronized (state) {
      state.env.put(key, value);
    }
    return this;
  }

  /**
   * A configuration entry: stored in the replicated store under {@code apps/<name>/config/<key>}
   * and in the ConfigMap {@code <name>-config} that the containers see.
   */
  public Application config(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    synchronized (state) {
      state.config.put(key, value);
    }
    return this;
  }

  /** The namespace (default: the facade's). */
  public Application namespace(String value) {
    Objects.requireNonNull(value, "namespace");
    synchronized (state) {
      state.namespace = value;
    }
    return this;
  }

  /** How long a rollout may take before the operation fails (default 5 minutes). */
  public Application rolloutTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "rollout timeout was " + timeout + "; allowed a positive duration");
    }
    synchronized (state) {
      state.rolloutTimeout = timeout;
    }
    return this;
  }

  // ---- operations

  /**
   * Builds (and pushes) the image when configured, applies ConfigMap, Deployment and Service, waits
   * for the rollout, stores the configuration and registers the ready pods in the mesh with all
   * traffic on the stable version.
   *
   * @throws DeployException naming the failed step
   * @throws IllegalStateException if no image is set
   */
  public DeployReport deploy() {
    authorize(PERMISSION_DEPLOY);
    synchronized (state) {
      if (state.image == null) {
        throw new IllegalStateException(
            "application '" + name + "' has no image: call image(...) before deploy()");
      }
      Workflow w = new Workflow("deploy");
      String ns = state.namespace;
      if (state.buildContext != null) {
        w.step(
            "build-image",
            () -> {
              ImageInfo built =
                  cn.containers()
                      .build(
                          ImageBuild.fromDirectory(state.buildContext)
                              .tag(state.image)
                              .label("app", name)
                              .build());
              return built.id();
            });
      }
      if (state.pushEnabled) {
        w.step(
            "push-image",
            () -> {
              cn.containers().push(state.image, state.push, Duration.ofMinutes(10));
              return state.image;
            });
      }
      w.step(
          "namespace",
          () -> {
            cn.cluster().ensureNamespace(ns);
            return ns;
          });
      if (!state.config.isEmpty()) {
        w.step(
            "apply-config",
            () -> {
              cn.cluster().apply(ConfigMapSpec.of(configMapName(), state.config).inNamespace(ns));
              return configMapName() + " (" + state.config.size() + " keys)";
            });
      }
      w.step(
          "apply-deploy",
          () -> {
            cn.cluster()
                .apply(
                    deployment(
                        name, ClusterEndpointFeed.DEFAULT_SUBSET, state.image, state.replicas));
            return name + " " + state.image + " x" + state.replicas;
          });
      w.step(
          "apply-service",
          () -> {
            cn.cluster()
                .apply(
                    ServiceSpec.named(name)
                        .inNamespace(ns)
                        .selecting(Map.of("app", name))
                        .port(state.port)
                        .to(state.targetPort)
                        .build());
            return name + " :" + state.port + " -> " + state.targetPort;
          });
      w.step("await-rollout", () -> awaitRollout(name).describe());
      if (!state.config.isEmpty()) {
        w.step(
            "store-config",
            () -> {
              state.config.forEach((k, v) -> cn.storage().putString(configKey(k), v));
              return state.config.size() + " keys under apps/" + name + "/config/";
            });
      }
      w.step(
          "register-mesh",
          () -> {
            startFeed();
            cn.mesh()
                .routes(
                    RouteTable.forService(name)
                        .otherwise()
                        .routeTo(ClusterEndpointFeed.DEFAULT_SUBSET));
            return "service " + name + ", 100% to " + ClusterEndpointFeed.DEFAULT_SUBSET;
          });
      state.deployed = true;
      return w.report();
    }
  }

  /** Scales the stable version and waits until the new replica count is rolled out. */
  public RolloutStatus scale(int replicas) {
    authorize(PERMISSION_SCALE);
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas was " + replicas + "; allowed 0 or more");
    }
    synchronized (state) {
      Workflow w = new Workflow("scale");
      w.step(
          "scale",
          () -> {
            cn.cluster().scale(state.namespace, name, replicas);
            return name + " x" + replicas;
          });
      RolloutStatus[] status = new RolloutStatus[1];
      w.step(
          "await-rollout",
          () -> {
            status[0] = awaitRollout(name);
            return status[0].describe();
          });
      state.replicas = replicas;
      return status[0];
    }
  }

  /**
   * Runs {@code version} with {@code image} beside the stable version (one replica, Deployment
   * {@code <name>-<version>}) and sends {@code percent}% of the mesh traffic to it.
   */
  public DeployReport canary(String version, String image, int percent) {
    authorize(PERMISSION_DEPLOY);
    if (version == null
        || !VERSION.matcher(version).matches()
        || version.equals(ClusterEndpointFeed.DEFAULT_SUBSET)) {
      throw new IllegalArgumentException(
          "canary version '"
              + version
              + "' is not allowed: use 1-10 lower-case"
              + " letters, digits or '-', other than '"
              + ClusterEndpointFeed.DEFAULT_SUBSET
              + "'");
    }
    if (image == null || image.isBlank()) {
      throw new IllegalArgumentException("canary image must not be empty");
    }
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("canary percent was " + percent + "; allowed 0..100");
    }
    synchronized (state) {
      requireDeployed("canary");
      Workflow w = new Workflow("canary " + version);
      String deployment = name + "-" + version;
      w.step(
          "apply-deploy",
          () -> {
            cn.cluster().apply(deployment(deployment, version, image, 1));
            return deployment + " " + image + " x1";
          });
      state.canary = Optional.of(new AppStatus.Canary(version, image, percent));
      w.step("await-rollout", () -> awaitRollout(deployment).describe());
      w.step(
          "route",
          () -> {
            routeSplit(version, percent);
            return (100 - percent)
                + "% "
                + ClusterEndpointFeed.DEFAULT_SUBSET
                + ", "
                + percent
                + "% "
                + version;
          });
      return w.report();
    }
  }

  /**
   * Makes the canary the stable version: rolls its image out to the stable deployment, then removes
   * it.
   */
  public DeployReport promote() {
    authorize(PERMISSION_DEPLOY);
    synchronized (state) {
      AppStatus.Canary canary =
          state.canary.orElseThrow(
              () ->
                  new IllegalStateException("application '" + name + "' has no canary to promote"));
      Workflow w = new Workflow("promote " + canary.version());
      w.step(
          "update-image",
          () -> {
            cn.cluster().updateImage(state.namespace, name, canary.image());
            return name + " " + canary.image();
          });
      w.step("await-rollout", () -> awaitRollout(name).describe());
      state.image = canary.image();
      w.step(
          "route",
          () -> {
            cn.mesh()
                .routes(
                    RouteTable.forService(name)
                        .otherwise()
                        .routeTo(ClusterEndpointFeed.DEFAULT_SUBSET));
            return "100% " + ClusterEndpointFeed.DEFAULT_SUBSET;
          });
      w.step("remove-canary", () -> removeCanary(canary));
      return w.report();
    }
  }

  /**
   * Undoes the last change: removes a running canary (all traffic back to stable), or else rolls
   * the stable deployment back to its previous revision.
   */
  public DeployReport rollback() {
    authorize(PERMISSION_DEPLOY);
    synchronized (state) {
      requireDeployed("rollback");
      Workflow w = new Workflow("rollback");
      Optional<AppStatus.Canary> canary = state.canary;
      if (canary.isPresent()) {
        w.step(
            "route",
            () -> {
              cn.mesh()
                  .routes(
                      RouteTable.forService(name)
                          .otherwise()
                          .routeTo(ClusterEndpointFeed.DEFAULT_SUBSET));
              return "100% " + ClusterEndpointFeed.DEFAULT_SUBSET;
            });
        w.step("remove-canary", () -> removeCanary(canary.get()));
      } else {
        w.step("rollback", () -> cn.cluster().rollback(state.namespace, name).image());
        w.step("await-rollout", () -> awaitRollout(name).describe());
        cn.cluster().deployment(state.namespace, name).ifPresent(d -> state.image = d.image());
      }
      return w.report();
    }
  }

  /** Pods, rollout state, stored configuration and mesh statistics, read now. */
  public AppStatus status() {
    authorize(PERMISSION_READ);
    synchronized (state) {
      Cluster cluster = cn.cluster();
      RolloutStatus rollout = cluster.rolloutStatus(state.namespace, name);
      Map<String, String> stored = new LinkedHashMap<>();
      for (String key : state.config.keySet()) {
        cn.storage().getString(configKey(key)).ifPresent(v -> stored.put(key, v));
      }
      return new AppStatus(
          name,
          state.namespace,
          state.image,
          rollout,
          state.canary,
          cluster.pods(state.namespace, Map.of("app", name)),
          stored,
          cn.mesh().stats(name));
    }
  }

  /**
   * Removes everything the application's workflows created, whatever state a failed operation left:
   * mesh registration, Deployments (stable and canary), Service, ConfigMap and stored
   * configuration. Absent pieces are skipped. Returns what was removed.
   */
  public DeployReport undeploy() {
    authorize(PERMISSION_DELETE);
    synchronized (state) {
      Workflow w = new Workflow("undeploy");
      String ns = state.namespace;
      w.step(
          "unregister-mesh",
          () -> {
            stopFeeds();
            cn.mesh().removeRoutes(name);
            cn.mesh().registry().removeService(name);
            return "service " + name;
          });
      w.step(
          "delete-deploys",
          () ->
              cn.cluster()
                      .deleteByLabel(
                          ResourceKind.DEPLOYMENT, ns, Map.of("app", name), Propagation.FOREGROUND)
                  + " deployments");
      w.step("delete-service", () -> deleteIfPresent(ResourceKind.SERVICE, name));
      w.step("delete-config", () -> deleteIfPresent(ResourceKind.CONFIG_MAP, configMapName()));
      w.step(
          "forget-config",
          () -> {
            state.config.keySet().forEach(k -> cn.storage().deleteString(configKey(k)));
            return state.config.size() + " keys";
          });
      state.deployed = false;
      state.canary = Optional.empty();
      return w.report();
    }
  }

  // ---- internals

  /** Stops the cluster-to-mesh feed; called by undeploy and by the facade's close. */
  void stopFeeds() {
    synchronized (state) {
      if (state.feed != null) {
        AutoCloseable feed = state.feed;
        state.feed = null;
        state.endpoints = null;
        try {
          feed.close();
        } catch (Exception e) {
          throw new CloudNativeException(
              "stopping the mesh feed of application '" + name + "' failed", e);
        }
      }
    }
  }

  private void startFeed() {
    if (state.feed == null) {
      ClusterEndpointFeed feed =
          new ClusterEndpointFeed(cn.cluster(), state.namespace, name, state.targetPort);
      state.feed = feed.start(cn.mesh().registry());
      state.endpoints = feed;
    }
  }

  private DeploymentSpec deployment(
      String deploymentName, String version, String image, int replicas) {
    DeploymentSpec.Builder spec =
        DeploymentSpec.named(deploymentName)
            .inNamespace(state.namespace)
            .running(image)
            .withReplicas(replicas)
            .selectedBy(Map.of("app", name, ClusterEndpointFeed.VERSION_LABEL, version))
            .withLabel("app", name)
            .withLabel(ClusterEndpointFeed.VERSION_LABEL, version)
            .withPort(state.targetPort)
            // ready once the application accepts connections, so the mesh only gets pods that
            // answer
            .withReadinessProbe(Probe.tcp(state.targetPort).withPeriod(Duration.ofSeconds(2)));
    state.env.forEach(spec::withEnv);
    return spec.build();
  }

  /**
   * Waits for the rollout, logging each change of the ready count at INFO so a person can follow
   * it; then brings the mesh up to date with the pods, so that no traffic goes to a pod that is
   * gone or misses one that is ready.
   */
  private RolloutStatus awaitRollout(String deploymentName) {
    RolloutStatus done = awaitRolloutOnly(deploymentName);
    if (state.endpoints != null) {
      state.endpoints.syncNow();
    }
    return done;
  }

  private RolloutStatus awaitRolloutOnly(String deploymentName) {
    int[] lastReady = {-1};
    return cn.cluster()
        .awaitRollout(
            state.namespace,
            deploymentName,
            state.rolloutTimeout,
            status -> {
              if (status.readyReplicas() != lastReady[0]) {
                lastReady[0] = status.readyReplicas();
                LOG.info(
                    "{}: {}/{} pods ready ({} updated)",
                    deploymentName,
                    status.readyReplicas(),
                    status.replicas(),
                    status.updatedReplicas());
              }
              LOG.debug("{}", status.describe());
            });
  }

  private void routeSplit(String version, int percent) {
    LOG.info(
        "{}: {}% of the traffic to {}, {}% to {}",
        name, 100 - percent, ClusterEndpointFeed.DEFAULT_SUBSET, percent, version);
    RouteTable.DefaultBuilder route = RouteTable.forService(name).otherwise();
    if (percent == 0) {
      cn.mesh().routes(route.routeTo(ClusterEndpointFeed.DEFAULT_SUBSET));
    } else if (percent == 100) {
      cn.mesh().routes(route.routeTo(version));
    } else {
      cn.mesh()
          .routes(
              route.split(
                  Destination.of(ClusterEndpointFeed.DEFAULT_SUBSET, 100 - percent),
                  Destination.of(version, percent)));
    }
  }

  private String removeCanary(AppStatus.Canary canary) {
    String deployment = name + "-" + canary.version();
    cn.cluster()
        .delete(ResourceKind.DEPLOYMENT, state.namespace, deployment, Propagation.FOREGROUND);
    state.canary = Optional.empty();
    if (state.endpoints != null) {
      state.endpoints.syncNow();
    }
    return deployment;
  }

  private String deleteIfPresent(ResourceKind kind, String resource) {
    try {
      cn.cluster().delete(kind, state.namespace, resource, Propagation.FOREGROUND);
      return resource;
    } catch (KubernetesNotFoundException e) {
      return resource + " (absent)";
    }
  }

  private void requireDeployed(String operation) {
    if (!state.deployed) {
      throw new IllegalStateException(
          "application '" + name + "' is not deployed: deploy() before " + operation);
    }
  }

  private void authorize(String permission) {
    if (guard.isPresent()) {
      guard.get().require(token.orElse(""), permission);
    }
  }

  private String configMapName() {
    return name + "-config";
  }

  private String configKey(String key) {
    return "apps/" + name + "/config/" + key;
  }

  private static void checkPort(String what, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " was " + port + "; allowed 1..65535");
    }
  }

  /**
   * Runs named steps in order, timing each; the first failure becomes a DeployException naming the
   * step.
   */
  private final class Workflow {
    private final String operation;
    private final List<StepReport> done = new ArrayList<>();

    Workflow(String operation) {
      this.operation = operation;
    }

    void step(String step, java.util.function.Supplier<String> action) {
      long start = System.nanoTime();
      try {
        String detail = action.get();
        StepReport report =
            new StepReport(step, Duration.ofNanos(System.nanoTime() - start), detail);
        done.add(report);
        LOG.info("{} {}: {}", operation, name, report);
      } catch (RuntimeException e) {
        throw new DeployException(name, step, done.stream().map(StepReport::step).toList(), e);
      }
    }

    DeployReport report() {
      return new DeployReport(name, operation, done);
    }
  }

  /**
   * The desired and observed state shared by every view ({@link #as}) of one application; guarded
   * by itself.
   */
  private static final class State {
    String namespace;
    Path buildContext;
    String image;
    boolean pushEnabled;
    Optional<RegistryAuth> push = Optional.empty();
    int replicas = 1;
    int port = 80;
    int targetPort = 8080;
    final Map<String, String> env = new LinkedHashMap<>();
    final Map<String, String> config = new LinkedHashMap<>();
    Duration rolloutTimeout = Duration.ofMinutes(5);
    boolean deployed;
    Optional<AppStatus.Canary> canary = Optional.empty();
    AutoCloseable feed;
    ClusterEndpointFeed endpoints;

    State(String namespace) {
      this.namespace = namespace;
    }
  }
}
