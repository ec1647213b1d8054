package dev.cloudnative.core;

import dev.cloudnative.core.wiring.ClusterEndpointFeed;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.ImageInfo;
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
import dev.cloudnative.mesh.ServiceStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One named application as deployed through the facade: the spec in effect, the running canary, the
 * configuration keys in the store and the cluster-to-mesh feed, with the workflows that change
 * them. Every {@link Application} handle of the name shares this one object, which no caller can
 * reach: callers change it only by handing a whole, immutable {@link AppSpec} to an operation.
 *
 * <p>Thread-safe: every operation holds this object's lock, so the operations on one application
 * run one at a time and each sees the state the previous one left.
 */
final class DeployedApp {

  // the logger of the API type, so that the workflow's lines keep the category users configure
  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  /** A canary runs as one pod beside the stable ones. */
  private static final int CANARY_REPLICAS = 1;

  private final CloudNative cn;
  private final String name;

  // all guarded by this
  /**
   * The spec last deployed (or whose deploy failed), with what scale, promote, rollback changed.
   */
  private Optional<AppSpec> spec = Optional.empty();

  /** The namespace {@code spec} resolved to; meaningful while {@code spec} is present. */
  private String namespace;

  private boolean deployed;
  private Optional<AppStatus.Canary> canary = Optional.empty();

  /** Configuration keys written to the store and not deleted since, in the order written. */
  private final Set<String> storedKeys = new LinkedHashSet<>();

  private final TrafficWindow trafficWindow = new TrafficWindow(System.nanoTime());

  private AutoCloseable feed;
  private ClusterEndpointFeed endpoints;
  private int feedPort;

  DeployedApp(CloudNative cn, String name) {
    this.cn = cn;
    this.name = name;
  }

  String name() {
    return name;
  }

  synchronized Optional<AppSpec> spec() {
    return spec;
  }

  /** Deploys {@link #spec()} again. */
  synchronized DeployReport redeploy() {
    AppSpec current =
        spec.orElseThrow(
            () ->
                new IllegalStateException(
                    "application '"
                        + name
                        + "' has no spec: deploy(spec) before deploy() without one"));
    return deploy(current);
  }

  /**
   * Builds (and pushes) the image when the spec says so, applies ConfigMap, Deployment and Service,
   * waits for the rollout, stores the configuration and registers the ready pods in the mesh.
   */
  synchronized DeployReport deploy(AppSpec next) {
    String ns = next.namespace().orElseGet(cn::namespace);
    if (spec.isPresent() && !ns.equals(namespace)) {
      // the Deployment, Service and feed of the old namespace would be left behind unowned
      throw new IllegalStateException(
          "application '"
              + name
              + "' is deployed to namespace '"
              + namespace
              + "'; undeploy() before deploying it to namespace '"
              + ns
              + "'");
    }
    // recorded before the first step, so that undeploy() cleans whatever a failed deploy left
    spec = Optional.of(next);
    namespace = ns;
    Workflow w = new Workflow(name, "deploy", cn.instruments());
    next.buildContext()
        .ifPresent(
            context ->
                w.step(
                    "build-image",
                    () -> {
                      ImageInfo built =
                          cn.containers()
                              .build(
                                  ImageBuild.fromDirectory(context)
                                      .tag(next.image())
                                      .label("app", name)
                                      .build());
                      return built.id();
                    }));
    if (next.push()) {
      w.step(
          "push-image",
          () -> {
            cn.containers().push(next.image(), next.pushAuth(), Duration.ofMinutes(10));
            return next.image();
          });
    }
    w.step(
        "namespace",
        () -> {
          cn.cluster().ensureNamespace(ns);
          return ns;
        });
    Map<String, String> config = next.config();
    if (!config.isEmpty()) {
      w.step(
          "apply-config",
          () -> {
            cn.cluster().apply(ConfigMapSpec.of(configMapName(), config).inNamespace(ns));
            return configMapName() + " (" + config.size() + " keys)";
          });
    }
    w.step(
        "apply-deploy",
        () -> {
          cn.cluster()
              .apply(
                  deployment(
                      next,
                      name,
                      ClusterEndpointFeed.DEFAULT_SUBSET,
                      next.image(),
                      next.replicas()));
          return name + " " + next.image() + " x" + next.replicas();
        });
    w.step(
        "apply-service",
        () -> {
          cn.cluster()
              .apply(
                  ServiceSpec.named(name)
                      .inNamespace(ns)
                      .selecting(Map.of("app", name))
                      .port(next.port())
                      .to(next.targetPort())
                      .build());
          return name + " :" + next.port() + " -> " + next.targetPort();
        });
    w.step("await-rollout", () -> awaitRollout(name).describe());
    if (!config.isEmpty()) {
      w.step(
          "store-config",
          () -> {
            config.forEach(
                (k, v) -> {
                  cn.storage().putString(configKey(k), v);
                  storedKeys.add(k);
                });
            int removed = forgetStoredKeysNotIn(config);
            return config.size()
                + " keys under apps/"
                + name
                + "/config/"
                + (removed == 0 ? "" : ", " + removed + " no longer in the spec removed");
          });
    } else if (!storedKeys.isEmpty()) {
      // an earlier spec had configuration this one has not: nothing may keep serving it
      w.step(
          "forget-config",
          () -> {
            String map = deleteIfPresent(ResourceKind.CONFIG_MAP, configMapName());
            return map + ", " + forgetStoredKeysNotIn(Map.of()) + " keys";
          });
    }
    w.step(
        "register-mesh",
        () -> {
          startFeed(next.targetPort());
          cn.mesh()
              .routes(
                  RouteTable.forService(name)
                      .otherwise()
                      .routeTo(ClusterEndpointFeed.DEFAULT_SUBSET));
          return "service " + name + ", 100% to " + ClusterEndpointFeed.DEFAULT_SUBSET;
        });
    deployed = true;
    // the first status() reports the traffic since this deploy, not since an earlier one
    trafficWindow.restart(System.nanoTime(), cn.mesh().stats(name));
    return w.report();
  }

  /** Scales the stable version and waits until the new replica count is rolled out. */
  synchronized RolloutStatus scale(int replicas) {
    String ns = namespace();
    Workflow w = new Workflow(name, "scale", cn.instruments());
    w.step(
        "scale",
        () -> {
          cn.cluster().scale(ns, name, replicas);
          return name + " x" + replicas;
        });
    RolloutStatus[] status = new RolloutStatus[1];
    w.step(
        "await-rollout",
        () -> {
          status[0] = awaitRollout(name);
          return status[0].describe();
        });
    spec = spec.map(s -> s.withReplicas(replicas));
    w.report();
    return status[0];
  }

  /** Runs a canary version beside the stable one and sends it {@code percent}% of the traffic. */
  synchronized DeployReport canary(String version, String image, int percent) {
    AppSpec current = requireDeployed("canary");
    Workflow w = new Workflow(name, "canary " + version, cn.instruments());
    String deployment = name + "-" + version;
    w.step(
        "apply-deploy",
        () -> {
          cn.cluster().apply(deployment(current, deployment, version, image, CANARY_REPLICAS));
          return deployment + " " + image + " x1";
        });
    canary = Optional.of(new AppStatus.Canary(version, image, percent));
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

  /** Makes the canary the stable version, then removes it. */
  synchronized DeployReport promote() {
    AppStatus.Canary promoted =
        canary.orElseThrow(
            () -> new IllegalStateException("application '" + name + "' has no canary to promote"));
    Workflow w = new Workflow(name, "promote " + promoted.version(), cn.instruments());
    w.step(
        "update-image",
        () -> {
          cn.cluster().updateImage(namespace, name, promoted.image());
          return name + " " + promoted.image();
        });
    w.step("await-rollout", () -> awaitRollout(name).describe());
    // the stable version now runs the canary's image as it exists: redeploying must not rebuild
    spec = spec.map(s -> s.runningPrebuilt(promoted.image()));
    w.step("route", this::routeAllToStable);
    w.step("remove-canary", () -> removeCanary(promoted));
    return w.report();
  }

  /** Removes a running canary, or else rolls the stable deployment back one revision. */
  synchronized DeployReport rollback() {
    requireDeployed("rollback");
    Workflow w = new Workflow(name, "rollback", cn.instruments());
    Optional<AppStatus.Canary> running = canary;
    if (running.isPresent()) {
      w.step("route", this::routeAllToStable);
      w.step("remove-canary", () -> removeCanary(running.get()));
    } else {
      w.step("rollback", () -> cn.cluster().rollback(namespace, name).image());
      w.step("await-rollout", () -> awaitRollout(name).describe());
      cn.cluster()
          .deployment(namespace, name)
          .ifPresent(d -> spec = spec.map(s -> s.runningPrebuilt(d.image())));
    }
    return w.report();
  }

  /** Pods, rollout state, stored configuration and mesh statistics, read now. */
  synchronized AppStatus status() {
    AppSpec current =
        spec.orElseThrow(
            () ->
                new IllegalStateException(
                    "application '" + name + "' is not deployed: deploy(spec) before status()"));
    Cluster cluster = cn.cluster();
    RolloutStatus rollout = cluster.rolloutStatus(namespace, name);
    Map<String, String> stored = new LinkedHashMap<>();
    for (String key : current.config().keySet()) {
      cn.storage().getString(configKey(key)).ifPresent(v -> stored.put(key, v));
    }
    Optional<ServiceStats> stats = cn.mesh().stats(name);
    TrafficWindow.Sample traffic = trafficWindow.advance(System.nanoTime(), stats);
    int desired = current.replicas() + (canary.isPresent() ? CANARY_REPLICAS : 0);
    return new AppStatus(
        name,
        namespace,
        current.image(),
        rollout,
        canary,
        cluster.pods(namespace, Map.of("app", name)),
        desired,
        stored,
        traffic.traffic(),
        traffic.window(),
        stats);
  }

  /** Removes everything the application's workflows created, skipping absent pieces. */
  synchronized DeployReport undeploy() {
    Workflow w = new Workflow(name, "undeploy", cn.instruments());
    String ns = namespace();
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
          // a deploy that failed before storing may still name keys an earlier deploy stored
          spec.ifPresent(s -> storedKeys.addAll(s.config().keySet()));
          return forgetStoredKeysNotIn(Map.of()) + " keys";
        });
    spec = Optional.empty();
    deployed = false;
    canary = Optional.empty();
    return w.report();
  }

  /** Stops the cluster-to-mesh feed; called by undeploy and by the facade's close. */
  synchronized void stopFeeds() {
    if (feed != null) {
      AutoCloseable running = feed;
      feed = null;
      endpoints = null;
      try {
        running.close();
      } catch (Exception e) {
        throw new CloudNativeException(
            "stopping the mesh feed of application '" + name + "' failed", e);
      }
    }
  }

  // ---- internals, all called with the lock held

  /** The namespace of the spec in effect, or the facade's when nothing was deployed. */
  private String namespace() {
    return spec.isPresent() ? namespace : cn.namespace();
  }

  private void startFeed(int targetPort) {
    if (feed != null && feedPort != targetPort) {
      // the new spec moved the containers' port: the old feed would register the old one
      stopFeeds();
    }
    if (feed == null) {
      ClusterEndpointFeed started =
          new ClusterEndpointFeed(cn.cluster(), namespace, name, targetPort);
      feed = started.start(cn.mesh().registry());
      endpoints = started;
      feedPort = targetPort;
    }
  }

  private DeploymentSpec deployment(
      AppSpec app, String deploymentName, String version, String image, int replicas) {
    DeploymentSpec.Builder deployment =
        DeploymentSpec.named(deploymentName)
            .inNamespace(namespace)
            .running(image)
            .withReplicas(replicas)
            .selectedBy(Map.of("app", name, ClusterEndpointFeed.VERSION_LABEL, version))
            .withLabel("app", name)
            .withLabel(ClusterEndpointFeed.VERSION_LABEL, version)
            .withPort(app.targetPort())
            // ready once the application accepts connections, so the mesh only gets pods that
            // answer
            .withReadinessProbe(Probe.tcp(app.targetPort()).withPeriod(Duration.ofSeconds(2)));
    app.env().forEach(deployment::withEnv);
    return deployment.build();
  }

  /**
   * Waits for the rollout, logging each change of the ready count at INFO so a person can follow
   * it; then brings the mesh up to date with the pods, so that no traffic goes to a pod that is
   * gone or misses one that is ready.
   */
  private RolloutStatus awaitRollout(String deploymentName) {
    RolloutStatus done = awaitRolloutOnly(deploymentName);
    if (endpoints != null) {
      endpoints.syncNow();
    }
    return done;
  }

  private RolloutStatus awaitRolloutOnly(String deploymentName) {
    int[] lastReady = {-1};
    Duration timeout = spec.map(AppSpec::rolloutTimeout).orElse(AppSpec.DEFAULT_ROLLOUT_TIMEOUT);
    return cn.cluster()
        .awaitRollout(
            namespace(),
            deploymentName,
            timeout,
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

  private String routeAllToStable() {
    cn.mesh()
        .routes(
            RouteTable.forService(name).otherwise().routeTo(ClusterEndpointFeed.DEFAULT_SUBSET));
    return "100% " + ClusterEndpointFeed.DEFAULT_SUBSET;
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

  private String removeCanary(AppStatus.Canary removed) {
    String deployment = name + "-" + removed.version();
    cn.cluster().delete(ResourceKind.DEPLOYMENT, namespace, deployment, Propagation.FOREGROUND);
    canary = Optional.empty();
    if (endpoints != null) {
      endpoints.syncNow();
    }
    return deployment;
  }

  private String deleteIfPresent(ResourceKind kind, String resource) {
    try {
      cn.cluster().delete(kind, namespace(), resource, Propagation.FOREGROUND);
      return resource;
    } catch (KubernetesNotFoundException e) {
      return resource + " (absent)";
    }
  }

  /** Deletes the stored keys {@code keep} does not have; returns how many. */
  private int forgetStoredKeysNotIn(Map<String, String> keep) {
    List<String> stale = storedKeys.stream().filter(k -> !keep.containsKey(k)).toList();
    for (String key : stale) {
      cn.storage().deleteString(configKey(key));
      storedKeys.remove(key);
    }
    return stale.size();
  }

  private AppSpec requireDeployed(String operation) {
    if (!deployed) {
      throw new IllegalStateException(
          "application '" + name + "' is not deployed: deploy(spec) before " + operation);
    }
    return spec.orElseThrow();
  }

  private String configMapName() {
    return name + "-config";
  }

  private String configKey(String key) {
    return "apps/" + name + "/config/" + key;
  }
}
