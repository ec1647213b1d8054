package dev.cloudnative.core.wiring;

import dev.cloudnative.core.CloudNative;
import dev.cloudnative.docker.EngineConfig;
import dev.cloudnative.docker.engine.DockerEngine;
import dev.cloudnative.kubernetes.ClusterConfig;
import dev.cloudnative.kubernetes.KubernetesForbiddenException;
import dev.cloudnative.kubernetes.fabric8.KubernetesCluster;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.StorageNode;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.RedisNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses, for {@link CloudNative#fromEnvironment()}, the real engine of each module where one is
 * configured and answers, and leaves the module on its embedded default otherwise, recording why in
 * either case.
 *
 * <p>A configured engine that does not answer is not an error here: the reason is logged at WARN
 * and shown in {@link CloudNative#backends()}, and the module stays simulated.
 *
 * <p>Stateless and thread-safe.
 */
public final class EnvironmentBackends {

  /** Comma-separated {@code host:port} list of Redis servers for the replicated store. */
  public static final String STORAGE_NODES = "CLOUDNATIVE_STORAGE_NODES";

  private static final Logger LOG = LoggerFactory.getLogger(EnvironmentBackends.class);
  private static final Path DEFAULT_DOCKER_SOCKET = Path.of("/var/run/docker.sock");
  private static final Path SERVICE_ACCOUNT_TOKEN =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

  private EnvironmentBackends() {}

  /**
   * Configures {@code builder} from the process environment and the user's home folder; the real
   * engines it connects record into {@code meters} and {@code observations}.
   */
  public static CloudNative.Builder detect(
      CloudNative.Builder builder,
      Optional<MeterRegistry> meters,
      ObservationRegistry observations) {
    return detect(
        builder, System::getenv, Path.of(System.getProperty("user.home")), meters, observations);
  }

  /** Configures {@code builder} from {@code env} and {@code home}, without registries. */
  public static CloudNative.Builder detect(
      CloudNative.Builder builder, Function<String, String> env, Path home) {
    return detect(builder, env, home, Optional.empty(), ObservationRegistry.NOOP);
  }

  /** Configures {@code builder} from {@code env} and {@code home}; visible for tests. */
  public static CloudNative.Builder detect(
      CloudNative.Builder builder,
      Function<String, String> env,
      Path home,
      Optional<MeterRegistry> meters,
      ObservationRegistry observations) {
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(observations, "observations");
    containers(builder, env, meters, observations);
    cluster(builder, env, home, meters, observations);
    storage(builder, env, meters, observations);
    return builder;
  }

  private static void containers(
      CloudNative.Builder builder,
      Function<String, String> env,
      Optional<MeterRegistry> meters,
      ObservationRegistry observations) {
    String host = env.apply("DOCKER_HOST");
    if ((host == null || host.isBlank()) && !Files.exists(DEFAULT_DOCKER_SOCKET)) {
      builder.describe("containers", "no DOCKER_HOST and no " + DEFAULT_DOCKER_SOCKET);
      return;
    }
    try {
      EngineConfig.Builder config =
          host == null || host.isBlank()
              ? EngineConfig.environment()
              : EngineConfig.custom().host(host);
      config.connectTimeout(Duration.ofSeconds(3)).observationRegistry(observations);
      meters.ifPresent(config::meterRegistry);
      DockerEngine engine = DockerEngine.connect(config.build());
      builder.containers(engine).describe("containers", engine.config().host().toString());
    } catch (RuntimeException e) {
      LOG.warn(
          "Docker engine configured but not usable, containers stay in memory: {}", e.getMessage());
      builder.describe("containers", "engine unreachable: " + e.getMessage());
    }
  }

  private static void cluster(
      CloudNative.Builder builder,
      Function<String, String> env,
      Path home,
      Optional<MeterRegistry> meters,
      ObservationRegistry observations) {
    String kubeconfigVariable = env.apply("KUBECONFIG");
    Path kubeconfig =
        kubeconfigVariable != null && !kubeconfigVariable.isBlank()
            ? Path.of(kubeconfigVariable.split(java.io.File.pathSeparator)[0])
            : home.resolve(".kube/config");
    ClusterConfig.Builder configured;
    if (Files.isRegularFile(kubeconfig)) {
      configured = ClusterConfig.kubeconfig(kubeconfig);
    } else if (Files.isRegularFile(SERVICE_ACCOUNT_TOKEN)) {
      configured = ClusterConfig.inCluster();
    } else {
      builder.describe(
          "cluster", "no kubeconfig at " + kubeconfig + " and no in-cluster service account");
      return;
    }
    configured.observationRegistry(observations);
    meters.ifPresent(configured::meterRegistry);
    ClusterConfig config = configured.build();
    KubernetesCluster cluster = null;
    try {
      cluster = KubernetesCluster.connect(config);
      probe(cluster);
      builder.cluster(cluster).describe("cluster", config.toString());
    } catch (RuntimeException e) {
      if (cluster != null) {
        cluster.close();
      }
      LOG.warn(
          "Kubernetes configured but not reachable, the cluster stays in memory: {}",
          e.getMessage());
      builder.describe("cluster", "API server unreachable: " + e.getMessage());
    }
  }

  // A list call proves the API server answers; being forbidden to list namespaces still proves it.
  private static void probe(KubernetesCluster cluster) {
    try {
      cluster.namespaces();
    } catch (KubernetesForbiddenException e) {
      LOG.debug("namespace list forbidden; the API server answered", e);
    }
  }

  private static void storage(
      CloudNative.Builder builder,
      Function<String, String> env,
      Optional<MeterRegistry> meters,
      ObservationRegistry observations) {
    String listed = env.apply(STORAGE_NODES);
    if (listed == null || listed.isBlank()) {
      builder.describe("storage", STORAGE_NODES + " not set: 3 in-memory nodes");
      return;
    }
    List<StorageNode> nodes = new ArrayList<>();
    List<String> down = new ArrayList<>();
    for (String entry : listed.split(",")) {
      Map.Entry<String, Integer> hostPort = hostPort(entry.trim());
      String id = hostPort.getKey() + ":" + hostPort.getValue();
      RedisNode node =
          RedisNode.builder(id, hostPort.getKey(), hostPort.getValue())
              .connectTimeout(Duration.ofSeconds(2))
              .build();
      nodes.add(node);
      try {
        node.ping();
      } catch (RuntimeException e) {
        down.add(id + " (" + e.getMessage() + ")");
      }
    }
    if (down.size() == nodes.size()) {
      nodes.forEach(StorageNode::close);
      LOG.warn("no Redis node of {} answers, storage stays in memory: {}", STORAGE_NODES, down);
      builder.describe("storage", "no Redis node answers: " + String.join(", ", down));
      return;
    }
    if (!down.isEmpty()) {
      // The store still serves: writes to a down node go to the next one with a hint, replayed when
      // it is back.
      LOG.warn("Redis nodes down at start, hinted handoff covers them: {}", down);
    }
    int replicas = Math.min(3, nodes.size());
    StoreConfig.Builder configured =
        StoreConfig.custom().replicationFactor(replicas).observationRegistry(observations);
    meters.ifPresent(configured::meterRegistry);
    StoreConfig config = configured.build();
    builder
        .storage(KeyValueStore.replicated(config, nodes))
        .describe("storage", "Redis nodes " + listed + ", N=" + replicas);
  }

  private static Map.Entry<String, Integer> hostPort(String entry) {
    int colon = entry.lastIndexOf(':');
    if (colon <= 0 || colon == entry.length() - 1) {
      throw new IllegalArgumentException(
          STORAGE_NODES + " entry '" + entry + "' must be host:port");
    }
    try {
      int port = Integer.parseInt(entry.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException("out of range");
      }
      return Map.entry(entry.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          STORAGE_NODES
              + " entry '"
              + entry
              + "' has port '"
              + entry.substring(colon + 1)
              + "'; allowed 1..65535",
          e);
    }
  }
}
