package dev.cloudnative.core;

import dev.cloudnative.core.runtime.ContainerPodRuntime;
import dev.cloudnative.core.security.KeyValueRefreshTokenStore;
import dev.cloudnative.core.security.KeyValueRevocationStore;
import dev.cloudnative.core.wiring.EnvironmentBackends;
import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.inmemory.InMemoryContainerEngine;
import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.http.MeshHttpClient;
import dev.cloudnative.pipeline.PipelineRunner;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import dev.cloudnative.pipeline.local.LocalRunnerConfig;
import dev.cloudnative.security.Authorizer;
import dev.cloudnative.security.Security;
import dev.cloudnative.security.TokenConfig;
import dev.cloudnative.storage.KeyValueStore;
import dev.cloudnative.storage.StoreConfig;
import dev.cloudnative.storage.node.InMemoryNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's front door: one object holding each module's implementation, plus the workflows that
 * span modules (build an image, roll it out, register it in the mesh: {@link #deploy(AppSpec)} and
 * {@link #app(String)}).
 *
 * <p>{@link #builder()} picks each module's implementation explicitly (anything left out gets the
 * embedded default); {@link #fromEnvironment()} picks the real engine where one is configured and
 * reachable and the in-memory one otherwise. Either way each module's backend is logged at INFO and
 * listed by {@link #backends()}, so that nobody believes a simulated deploy was real. The accessors
 * return the modules' own interfaces: nothing here hides a module's power.
 *
 * <p>The embedded defaults serve: the in-memory cluster runs each pod as a container of this
 * facade's container engine (the real Docker or Podman engine when one is configured, the in-memory
 * engine otherwise), so a deployed application answers HTTP on loopback and {@link #http()} reaches
 * it through the mesh. A cluster the caller supplies is used as given.
 *
 * <p>The instance owns its modules: {@link #close()} closes them all (clients, executors, session
 * containers). It is idempotent; every other call afterwards throws {@link IllegalStateException}.
 *
 * <p>Thread-safe.
 */
public final class CloudNative implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CloudNative.class);

  private final ContainerEngine containers;
  private final Cluster cluster;
  private final ServiceMesh mesh;
  private final PipelineRunner pipelines;
  private final KeyValueStore storage;
  private final Security security;
  private final List<Backend> backends;
  private final Optional<Authorizer> guard;
  private final String namespace;
  private final ConcurrentMap<String, DeployedApp> applications = new ConcurrentHashMap<>();
  private final PipelineSteps steps = new PipelineSteps(this);
  private final MeshHttpClient http;
  private final WorkflowInstruments instruments;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CloudNative(Builder b) {
    this.containers = b.containers;
    this.cluster = b.cluster;
    this.mesh = b.mesh;
    this.pipelines = b.pipelines;
    this.storage = b.storage;
    this.security = b.security;
    this.backends = List.copyOf(b.backends);
    this.guard = Optional.ofNullable(b.guard);
    this.namespace = b.namespace;
    this.http = MeshHttpClient.builder(mesh).build();
    this.instruments = new WorkflowInstruments(b.meterRegistry, b.observationRegistry);
    for (Backend backend : backends) {
      LOG.info("CloudNative backend {}", backend);
    }
  }

  /** A builder; modules not set get the embedded default (in-memory engine, cluster and store). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Real engines where configured and reachable, embedded defaults elsewhere:
   *
   * <ul>
   *   <li>containers: Docker/Podman from {@code DOCKER_HOST} or {@code /var/run/docker.sock};
   *   <li>cluster: the kubeconfig ({@code KUBECONFIG} or {@code ~/.kube/config}) or the in-cluster
   *       service account;
   *   <li>storage: Redis nodes listed in {@code CLOUDNATIVE_STORAGE_NODES} ({@code
   *       host:port,host:port,...}), otherwise three in-memory nodes;
   *   <li>mesh, pipelines and security are always the real in-process implementations; with Redis
   *       storage, security's revocations and refresh-token families are kept in it (see {@link
   *       Builder#securityStoresInStorage()}).
   * </ul>
   */
  public static CloudNative fromEnvironment() {
    return environment().build();
  }

  /**
   * A builder pre-set as {@link #fromEnvironment()} would choose, to add explicit choices on top,
   * e.g. {@code
   * CloudNative.environment().security(mySecurity).guardedBy(mySecurity.authorizer()).build()}.
   */
  public static Builder environment() {
    return builder().detectEnvironment();
  }

  /** Every module on its embedded default; the same as {@code builder().build()}. */
  public static CloudNative embedded() {
    return builder().build();
  }

  /** The facade's own meters and observations, for its workflows. */
  WorkflowInstruments instruments() {
    return instruments;
  }

  /** The container engine (Docker, Podman or in-memory). */
  public ContainerEngine containers() {
    checkOpen();
    return containers;
  }

  /** The Kubernetes cluster (fabric8 or in-memory). */
  public Cluster cluster() {
    checkOpen();
    return cluster;
  }

  /** The in-process service mesh. */
  public ServiceMesh mesh() {
    checkOpen();
    return mesh;
  }

  /** The pipeline runner. */
  public PipelineRunner pipelines() {
    checkOpen();
    return pipelines;
  }

  /** The replicated key-value store. */
  public KeyValueStore storage() {
    checkOpen();
    return storage;
  }

  /** Users, passwords, tokens and permissions. */
  public Security security() {
    checkOpen();
    return security;
  }

  /**
   * Pipeline steps that call this facade's modules (build, push, deploy, scale, run a container).
   */
  public PipelineSteps steps() {
    checkOpen();
    return steps;
  }

  /** Which implementation each module uses. */
  public List<Backend> backends() {
    checkOpen();
    return backends;
  }

  /**
   * An HTTP client that sends {@code http://<service>/path} requests through {@link #mesh()}:
   * routes, balancing, circuit breaking and retries pick the pod that answers.
   */
  public MeshHttpClient http() {
    checkOpen();
    return http;
  }

  /** Throws the facade's closed exception; a volatile read, called by every operation. */
  void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("CloudNative is closed");
    }
  }

  /** The namespace applications are deployed to unless they name one. */
  public String namespace() {
    checkOpen();
    return namespace;
  }

  /**
   * Deploys {@code spec} (build, push, ConfigMap, Deployment, Service, rollout, stored
   * configuration, mesh registration) and returns what each step did; the same as {@code
   * app(spec.name()).deploy(spec)}. On a guarded facade use {@code
   * app(spec.name()).as(token).deploy(spec)}, since this call carries no token.
   *
   * @throws DeployException naming the failed step
   * @throws IllegalStateException if the application is deployed to another namespace
   */
  public DeployReport deploy(AppSpec spec) {
    checkOpen();
    Objects.requireNonNull(spec, "spec");
    return app(spec.name()).deploy(spec);
  }

  /**
   * The handle of the application named {@code name}, to deploy a spec and to {@code scale(n)},
   * {@code canary(...)}, {@code promote()}, {@code rollback()}, {@code status()}, {@code
   * undeploy()} what is deployed. Every handle of a name acts on the same application; a handle
   * holds no spec, so no caller changes what another deploys. A name with nothing deployed still
   * gets a handle (its operations say that nothing is deployed): another caller could undeploy the
   * application the moment after a lookup anyway.
   *
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if the name is not a DNS-1123 label (lower-case letters,
   *     digits and '-', starting with a letter, at most 53 characters so that derived names fit)
   */
  public Application app(String name) {
    checkOpen();
    AppSpec.checkName(name);
    return new Application(
        this,
        applications.computeIfAbsent(name, n -> new DeployedApp(this, n)),
        guard,
        Optional.empty());
  }

  /**
   * Closes every module, the cluster-to-mesh feeds first and the cluster (whose pods run on the
   * container engine) before the container engine. Failures are collected; the first is thrown.
   * Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<RuntimeException> failures = new ArrayList<>();
    for (DeployedApp app : applications.values()) {
      run(app::stopFeeds, failures);
    }
    run(mesh::close, failures);
    run(cluster::close, failures);
    run(containers::close, failures);
    run(storage::close, failures);
    run(pipelines::close, failures);
    if (!failures.isEmpty()) {
      RuntimeException first = failures.get(0);
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }

  private static void run(Runnable action, List<RuntimeException> failures) {
    try {
      action.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }

  /**
   * Picks each module's implementation; ownership passes to the built {@link CloudNative}.
   *
   * <p>Not thread-safe; build once and share the result.
   */
  public static final class Builder {

    private ContainerEngine containers;
    private Cluster cluster;
    private ServiceMesh mesh;
    private PipelineRunner pipelines;
    private KeyValueStore storage;
    private Security security;
    private Authorizer guard;
    private String namespace;
    private boolean securityStoresInStorage;
    private boolean containerStepsAsJobs;
    private dev.cloudnative.core.pipeline.JobStepConfig jobStepConfig; // null: the facade's choice
    private Optional<MeterRegistry> meterRegistry = Optional.empty();
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private final List<Backend> backends = new ArrayList<>();
    private final java.util.Map<String, String> details = new java.util.HashMap<>();

    private Builder() {}

    /**
     * Records every module's metrics in {@code registry}: the modules this builder creates (the
     * embedded defaults, and the real engines {@link #detectEnvironment()} connects to) get it
     * through their own builders, and the facade's workflows are timed in it ({@code
     * cloudnative.workflow.duration}, {@code cloudnative.workflow.step.duration}). A module passed
     * in ready-made ({@link #mesh(ServiceMesh)}, ...) keeps the registry it was built with. Without
     * this call no module records any metric.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Optional.of(Objects.requireNonNull(registry, "registry"));
      return this;
    }

    /**
     * Observes every module's operations (spans, once a tracing handler is registered) in {@code
     * registry}, on the same terms as {@link #meterRegistry(MeterRegistry)}; the facade's workflows
     * become {@code cloudnative.workflow} observations with a {@code cloudnative.workflow.step}
     * child per step. Defaults to {@link ObservationRegistry#NOOP}.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Connects the real engines the environment configures, as {@link
     * CloudNative#fromEnvironment()} describes, with the registries given so far: call it after
     * {@link #meterRegistry(MeterRegistry)} and {@link #observationRegistry(ObservationRegistry)}
     * so that those engines record into them. {@link CloudNative#environment()} is {@code
     * builder().detectEnvironment()}.
     */
    public Builder detectEnvironment() {
      return EnvironmentBackends.detect(this, meterRegistry, observationRegistry);
    }

    /** Uses this container engine. */
    public Builder containers(ContainerEngine engine) {
      this.containers = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** Uses this cluster. */
    public Builder cluster(Cluster value) {
      this.cluster = Objects.requireNonNull(value, "cluster");
      return this;
    }

    /** Uses this mesh. */
    public Builder mesh(ServiceMesh value) {
      this.mesh = Objects.requireNonNull(value, "mesh");
      return this;
    }

    /** Uses this pipeline runner. */
    public Builder pipelines(PipelineRunner value) {
      this.pipelines = Objects.requireNonNull(value, "pipelines");
      return this;
    }

    /** Uses this key-value store. */
    public Builder storage(KeyValueStore value) {
      this.storage = Objects.requireNonNull(value, "storage");
      return this;
    }

    /** Uses this security module. */
    public Builder security(Security value) {
      this.security = Objects.requireNonNull(value, "security");
      return this;
    }

    /**
     * Keeps the default security module's revocations and refresh-token families in {@link
     * CloudNative#storage()} ({@link KeyValueRevocationStore}, {@link KeyValueRefreshTokenStore}),
     * so that they survive a restart over file or Redis nodes and are shared by every instance over
     * the same store. This already happens when the storage is not {@link KeyValueStore#inMemory()
     * in memory} and no {@link #security(Security)} was given: pointing the facade at real storage
     * says its state should outlive the process, and the default security module is the facade's
     * own, so no choice of the caller is overridden. Call this to have it over in-memory storage
     * too. A {@code Security} passed to {@link #security(Security)} keeps the stores it was built
     * with: build it with the two stores' {@code over(...)} to keep them in storage.
     */
    public Builder securityStoresInStorage() {
      this.securityStoresInStorage = true;
      return this;
    }

    /**
     * Runs the container steps of the default pipeline runner as Kubernetes Jobs on this facade's
     * cluster, in its namespace ({@link #namespace(String)}, else the cluster's default; it must
     * exist), through {@link dev.cloudnative.core.pipeline.ClusterJobStepExecutor}, instead of as
     * containers of its engine. On the embedded cluster the workspace is mounted (its pods run on
     * this machine); on any other cluster it is not ({@code mountWorkspace(false)}: a step sees its
     * image's files only). Refused with {@link #pipelines(PipelineRunner)}: configure that runner's
     * executor yourself.
     */
    public Builder containerStepsAsJobs() {
      this.containerStepsAsJobs = true;
      return this;
    }

    /**
     * As {@link #containerStepsAsJobs()}, with these settings (the workspace mount is taken as
     * given).
     */
    public Builder containerStepsAsJobs(dev.cloudnative.core.pipeline.JobStepConfig config) {
      this.jobStepConfig = Objects.requireNonNull(config, "config");
      this.containerStepsAsJobs = true;
      return this;
    }

    /**
     * Guards the application workflows: each operation then needs an access token (given with
     * {@link Application#as(String)}) carrying its permission ({@code apps:deploy}, {@code
     * apps:scale}, {@code apps:read}, {@code apps:delete}).
     */
    public Builder guardedBy(Authorizer authorizer) {
      this.guard = Objects.requireNonNull(authorizer, "authorizer");
      return this;
    }

    /** The namespace applications go to unless they name one; defaults to the cluster's default. */
    public Builder namespace(String value) {
      this.namespace = Objects.requireNonNull(value, "namespace");
      return this;
    }

    /**
     * Records why a module got the implementation it got (used by {@link
     * CloudNative#fromEnvironment()}); shown by {@link CloudNative#backends()}.
     */
    public Builder describe(String module, String detail) {
      details.put(
          Objects.requireNonNull(module, "module"), Objects.requireNonNull(detail, "detail"));
      return this;
    }

    /** Builds the facade, creating the embedded default for every module not set. */
    public CloudNative build() {
      if (security != null && securityStoresInStorage) {
        throw new IllegalArgumentException(
            "securityStoresInStorage() applies to the default security module, but security(...)"
                + " was given; build that Security with KeyValueRevocationStore.over(...) and"
                + " KeyValueRefreshTokenStore.over(...) instead");
      }
      if (pipelines != null && containerStepsAsJobs) {
        throw new IllegalArgumentException(
            "containerStepsAsJobs() applies to the default pipeline runner, but pipelines(...) was"
                + " given; give that runner a ClusterJobStepExecutor with"
                + " LocalRunnerConfig.custom().containerExecutor(...) instead");
      }
      if (containers == null) {
        InMemoryContainerEngine.Builder engine =
            InMemoryContainerEngine.builder().observationRegistry(observationRegistry);
        meterRegistry.ifPresent(engine::meterRegistry);
        containers = engine.build();
      }
      if (cluster == null) {
        cluster = embeddedCluster();
      }
      if (mesh == null) {
        ServiceMesh.Builder mb = ServiceMesh.builder().observationRegistry(observationRegistry);
        meterRegistry.ifPresent(mb::meterRegistry);
        mesh = mb.build();
      }
      if (pipelines == null) {
        LocalRunnerConfig.Builder pb =
            LocalRunnerConfig.custom().observationRegistry(observationRegistry);
        meterRegistry.ifPresent(pb::meterRegistry);
        // container steps run on the facade's engine, which the facade (not the runner) closes
        if (containerStepsAsJobs) {
          // the workspace is a hostPath volume: only where this machine is the node
          dev.cloudnative.core.pipeline.JobStepConfig jobs =
              jobStepConfig != null
                  ? jobStepConfig
                  : dev.cloudnative.core.pipeline.JobStepConfig.custom()
                      .mountWorkspace(cluster instanceof InMemoryCluster)
                      .build();
          pb.containerExecutor(
              dev.cloudnative.core.pipeline.ClusterJobStepExecutor.on(
                  cluster, namespace != null ? namespace : cluster.defaultNamespace(), jobs));
        } else {
          pb.containerExecutor(
              dev.cloudnative.core.pipeline.ContainerEngineStepExecutor.on(containers));
        }
        pipelines = LocalPipelineRunner.create(pb.build());
      }
      if (storage == null) {
        details.putIfAbsent("storage", "3 in-memory nodes, N=3, QUORUM");
        storage =
            KeyValueStore.replicated(
                storeConfig(),
                List.of(
                    new InMemoryNode("node-1"),
                    new InMemoryNode("node-2"),
                    new InMemoryNode("node-3")));
      }
      boolean storesInStorage =
          security == null && (securityStoresInStorage || !storage.inMemory());
      if (security == null) {
        TokenConfig tokens =
            TokenConfig.custom().issuer("cloudnative").audience("cloudnative").build();
        Security.Builder sb =
            Security.custom().tokens(tokens).observationRegistry(observationRegistry);
        meterRegistry.ifPresent(sb::meterRegistry);
        if (storesInStorage) {
          sb.revocations(KeyValueRevocationStore.over(storage, tokens.clock()))
              .refreshTokens(KeyValueRefreshTokenStore.over(storage, tokens.clock()));
        }
        security = sb.build();
      }
      if (namespace == null) {
        namespace = cluster.defaultNamespace();
      }
      backends.clear();
      backends.add(
          backend(
              "containers",
              containers,
              containers instanceof InMemoryContainerEngine
                  ? Backend.Kind.IN_MEMORY
                  : Backend.Kind.ENGINE));
      backends.add(
          backend(
              "cluster",
              cluster,
              cluster instanceof InMemoryCluster ? Backend.Kind.IN_MEMORY : Backend.Kind.ENGINE));
      backends.add(backend("mesh", mesh, Backend.Kind.IN_PROCESS));
      backends.add(backend("pipelines", pipelines, Backend.Kind.IN_PROCESS));
      if (storage.inMemory()) {
        details.putIfAbsent("storage", "every copy in this JVM's memory");
      }
      backends.add(
          backend(
              "storage",
              storage,
              storage.inMemory() ? Backend.Kind.IN_MEMORY : Backend.Kind.ENGINE));
      if (!security.inMemoryStores().isEmpty() || storesInStorage) {
        List<String> parts = new ArrayList<>();
        if (!security.inMemoryStores().isEmpty()) {
          parts.add(String.join(", ", security.inMemoryStores()) + " kept in memory");
        }
        if (storesInStorage) {
          parts.add(
              "revocations, refresh tokens kept in storage"
                  + (storage.inMemory() ? " (itself in memory)" : ""));
        }
        details.putIfAbsent("security", String.join("; ", parts));
      }
      backends.add(
          backend(
              "security",
              security,
              security.inMemoryStores().isEmpty()
                  ? Backend.Kind.IN_PROCESS
                  : Backend.Kind.IN_MEMORY));
      return new CloudNative(this);
    }

    /**
     * The in-memory cluster, running its pods on the facade's engine when that engine publishes on
     * loopback.
     */
    private Cluster embeddedCluster() {
      try {
        ContainerPodRuntime runtime = ContainerPodRuntime.on(containers);
        details.merge(
            "cluster",
            "pods run as containers on " + runtime.describe(),
            (why, how) -> why + "; " + how);
        return clusterBuilder().runtime(runtime).build();
      } catch (IllegalArgumentException remoteEngine) {
        LOG.warn("pods stay simulated: {}", remoteEngine.getMessage());
        details.merge(
            "cluster",
            "simulated pods (nothing listens at their addresses): " + remoteEngine.getMessage(),
            (why, how) -> why + "; " + how);
        return clusterBuilder().build();
      }
    }

    private InMemoryCluster.Builder clusterBuilder() {
      InMemoryCluster.Builder cb =
          InMemoryCluster.builder().observationRegistry(observationRegistry);
      meterRegistry.ifPresent(cb::meterRegistry);
      return cb;
    }

    private StoreConfig storeConfig() {
      StoreConfig.Builder sc = StoreConfig.custom().observationRegistry(observationRegistry);
      meterRegistry.ifPresent(sc::meterRegistry);
      return sc.build();
    }

    private Backend backend(String module, Object implementation, Backend.Kind kind) {
      return new Backend(
          module,
          implementation.getClass().getSimpleName(),
          kind,
          details.getOrDefault(module, ""));
    }
  }
}
