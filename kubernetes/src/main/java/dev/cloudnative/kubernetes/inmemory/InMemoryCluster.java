package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.AutoscalerInfo;
import dev.cloudnative.kubernetes.AutoscalerSpec;
import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ConfigMapSpec;
import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.EnvVar;
import dev.cloudnative.kubernetes.ImagePullException;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.LogOptions;
import dev.cloudnative.kubernetes.PodContainer;
import dev.cloudnative.kubernetes.PodContainerSpec;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.PodRuntime;
import dev.cloudnative.kubernetes.PodStartException;
import dev.cloudnative.kubernetes.Probe;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.ResourceRef;
import dev.cloudnative.kubernetes.RollingUpdate;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.RolloutTimeoutException;
import dev.cloudnative.kubernetes.SecretSpec;
import dev.cloudnative.kubernetes.ServiceInfo;
import dev.cloudnative.kubernetes.ServicePort;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.ServiceType;
import dev.cloudnative.kubernetes.Subscription;
import dev.cloudnative.kubernetes.WatchEvent;
import dev.cloudnative.kubernetes.WatchListener;
import dev.cloudnative.kubernetes.internal.ModelMapper;
import dev.cloudnative.kubernetes.internal.Validation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Cluster} that lives in memory and simulates the controllers a real cluster runs, for
 * users' tests and embedded examples. Time is simulated: nothing happens until {@link #step()}
 * advances the clock by one controller pass, and a rollout wait advances the clock itself (unless
 * built with {@link Builder#manualClock()}), so every outcome is deterministic and no test sleeps.
 *
 * <p>What one {@link #step()} does, in order:
 *
 * <ol>
 *   <li><b>Autoscalers</b> compare the CPU figure reported with {@link #reportCpu} to their target
 *       and set the deployment's replicas to {@code ceil(replicas * current / target)}, clamped to
 *       [min, max], ignoring deviations within 10% (the HPA's default tolerance).
 *   <li><b>Deployment controller</b>: each pod template is a ReplicaSet with a revision number. The
 *       current template's ReplicaSet is scaled up while the total pod count stays within {@code
 *       replicas + maxSurge}; old ReplicaSets lose their unready pods first, then ready ones while
 *       at least {@code replicas - maxUnavailable} pods stay available. The controller then records
 *       {@code observedGeneration}.
 *   <li><b>Kubelet</b>: a Pending pod starts Running after {@link Builder#podStartupSteps}; a
 *       Running pod becomes ready at once without a readiness probe, or after {@link
 *       Builder#readinessSteps} with one. Pods of an image marked with {@link #failImage}
 *       crash-loop: they run, never become ready, and their restart count grows each step.
 * </ol>
 *
 * Service endpoints are the ready pods matching the selector, computed on read. Rollout counters
 * are computed from the pods on read; availability has no {@code minReadySeconds}. Without a
 * runtime, pod IPs are invented ({@code 10.244.0.x}) and every {@link PodInfo} says {@link
 * PodInfo#simulated()}: nothing listens there.
 *
 * <p><b>With a {@link PodRuntime}</b> ({@link Builder#runtime}) pods are real local workloads and
 * time is real: a kubelet thread runs every {@link Builder#kubeletPeriod} and {@link #step()} runs
 * one pass at once. Each pod is a container the runtime starts from the pod template (image,
 * command, args, env, ports published on loopback); the pod's IP is the loopback address and {@link
 * PodInfo#ports()} maps each container port to its published port. Readiness and liveness probes
 * are run against the container (HTTP, TCP, exec; before the first success every pass, then at the
 * probe's period); a pod without a readiness probe is ready once its container started. A container
 * that exits, or fails its liveness probe {@code failureThreshold} times, is restarted after
 * Kubernetes' back-off (10 s doubling to 5 min by default, {@link Builder#restartBackOff}), the pod
 * reporting {@code CrashLoopBackOff} meanwhile; an image the runtime cannot find is {@code
 * ErrImagePull}, then {@code ImagePullBackOff}. Scale, rolling updates, rollback and deletes start
 * and stop containers; pod logs are the container's logs. Not modelled with a runtime either:
 * scheduling constraints, resource limits (recorded, not enforced), network policies, Services as
 * virtual IPs (reach pods through their published ports, as the mesh does), init and sidecar
 * containers.
 *
 * <p>A rollout wait fails with {@link ImagePullException} as soon as a pod of the current revision
 * cannot get its image (with {@link #missingImage} in the simulation).
 *
 * <p>Not simulated: scheduling and resource limits (all pods go to node {@code inmemory-node}),
 * probes actually being run (without a runtime), pod termination grace periods (deleted pods vanish
 * at once), HPA stabilisation windows, progress deadlines, {@code minReadySeconds}, server-side
 * apply field ownership, finalizers, RBAC, delete by label for kinds other than Deployment and Pod,
 * and kinds other than Namespace, Deployment, Service, ConfigMap, Secret, HorizontalPodAutoscaler
 * and Pod (YAML naming another kind is rejected before anything is applied). Watches never
 * disconnect, so there is nothing to reconnect.
 *
 * <p>Thread-safe: all state is guarded by one lock; listeners and log consumers are called outside
 * it, one at a time and in the order the changes happened, on whichever thread made the change.
 * Runtime calls (starting, probing and stopping containers) never run under the lock. {@link
 * #close()} is idempotent; every other call after it throws {@link IllegalStateException}.
 */
public final class InMemoryCluster implements Cluster {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryCluster.class);
  private static final String NODE = "inmemory-node";

  /** Kubernetes resets a container's restart back-off after it ran this long. */
  private static final Duration BACK_OFF_RESET = Duration.ofMinutes(10);

  private static final String TEMPLATE_HASH_LABEL = "pod-template-hash";

  private final Object lock = new Object();
  private final Object dispatchLock = new Object();
  private final Queue<Runnable> outbox = new ConcurrentLinkedQueue<>();

  private final String defaultNamespace;
  private final Duration stepDuration;
  private final int podStartupSteps;
  private final int readinessSteps;
  private final boolean autoAdvance;
  private final Optional<PodRuntime> runtime;
  private final Duration backOffInitial;
  private final Duration backOffMax;
  private final Duration terminationGrace;
  private final ReentrantLock stepLock = new ReentrantLock();
  private final ExecutorService runtimeWork;
  private final ScheduledExecutorService kubelet;
  private final List<Runnable> pendingWork =
      new ArrayList<>(); // guarded by lock; run by the step outside it
  private final List<Future<?>> stopping = new CopyOnWriteArrayList<>();

  // ---- state, guarded by lock
  private Instant now;
  private final Set<String> namespaces = new TreeSet<>();
  private final Map<Key, DeploymentState> deployments = new TreeMap<>();
  private final Map<Key, ServiceState> services = new TreeMap<>();
  private final Map<Key, Map<String, String>> configMaps = new TreeMap<>();
  private final Map<Key, Map<String, String>> secrets = new TreeMap<>();
  private final Map<Key, AutoscalerState> autoscalers = new TreeMap<>();
  private final Map<Key, PodState> pods = new TreeMap<>();
  private final Map<Key, Integer> reportedCpu = new TreeMap<>();
  private final Set<String> failingImages = new TreeSet<>();
  private final Set<String> missingImages = new TreeSet<>();
  private final Map<Key, DeploymentInfo> publishedDeployments = new TreeMap<>();
  private final Map<Key, PodInfo> publishedPods = new TreeMap<>();
  private final List<Watcher<DeploymentInfo>> deploymentWatchers = new CopyOnWriteArrayList<>();
  private final List<Watcher<PodInfo>> podWatchers = new CopyOnWriteArrayList<>();
  private long podSequence;
  private int ipSequence;
  private int clusterIpSequence;
  private int nodePortSequence = 30000;
  private boolean closed;

  private InMemoryCluster(Builder b) {
    this.defaultNamespace = b.defaultNamespace;
    this.stepDuration = b.stepDuration;
    this.podStartupSteps = b.podStartupSteps;
    this.readinessSteps = b.readinessSteps;
    this.autoAdvance = b.autoAdvance;
    this.runtime = Optional.ofNullable(b.runtime);
    this.backOffInitial = b.backOffInitial;
    this.backOffMax = b.backOffMax;
    this.terminationGrace = b.terminationGrace;
    this.now = runtime.isPresent() ? Instant.now() : b.start;
    namespaces.add(defaultNamespace);
    if (runtime.isPresent()) {
      AtomicInteger threads = new AtomicInteger();
      runtimeWork =
          Executors.newCachedThreadPool(
              r -> daemon(r, "inmemory-kubelet-work-" + threads.incrementAndGet()));
      kubelet = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "inmemory-kubelet"));
      long period = b.kubeletPeriod.toNanos();
      kubelet.scheduleWithFixedDelay(this::kubeletPass, period, period, TimeUnit.NANOSECONDS);
      LOG.info("in-memory cluster runs pods on {}", runtime.get().describe());
    } else {
      runtimeWork = null;
      kubelet = null;
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** One background kubelet pass; a failure is logged and the next pass runs as usual. */
  private void kubeletPass() {
    try {
      if (!isClosed()) {
        step();
      }
    } catch (IllegalStateException closedMeanwhile) {
      LOG.debug("kubelet pass after close skipped");
    } catch (RuntimeException e) {
      LOG.warn("kubelet pass failed", e);
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /** A cluster with namespace {@code default}, 1-second steps, pods starting after 1 step. */
  public static InMemoryCluster create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings of the simulation; not thread-safe. */
  public static final class Builder {
    private String defaultNamespace = "default";
    private Duration stepDuration = Duration.ofSeconds(1);
    private int podStartupSteps = 1;
    private int readinessSteps = 1;
    private boolean autoAdvance = true;
    private Instant start = Instant.parse("2030-01-01T00:00:00Z");
    private PodRuntime runtime;
    private Duration kubeletPeriod = Duration.ofMillis(100);
    private Duration backOffInitial = Duration.ofSeconds(10);
    private Duration backOffMax = Duration.ofMinutes(5);
    private Duration terminationGrace = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * Runs every pod as a real local workload on {@code podRuntime} (see the class comment); time
     * is then real and {@link #manualClock()}, {@link #stepDuration}, {@link #podStartupSteps} and
     * {@link #readinessSteps} no longer apply.
     */
    public Builder runtime(PodRuntime podRuntime) {
      this.runtime = Objects.requireNonNull(podRuntime, "podRuntime");
      return this;
    }

    /**
     * How often the kubelet thread checks containers and runs due probes when a runtime is set
     * (default 100 ms).
     */
    public Builder kubeletPeriod(Duration period) {
      this.kubeletPeriod = positive("kubeletPeriod", period);
      return this;
    }

    /**
     * The restart back-off of exited containers (and of image pulls): {@code initial}, doubling per
     * restart up to {@code max}. Kubernetes' is 10 s to 5 minutes, the default.
     */
    public Builder restartBackOff(Duration initial, Duration max) {
      this.backOffInitial = positive("restartBackOff.initial", initial);
      this.backOffMax = positive("restartBackOff.max", max);
      if (max.compareTo(initial) < 0) {
        throw KubernetesInvalidException.rejected(
            "Config",
            "",
            "",
            "restartBackOff",
            "max (" + max + ") must not be below initial (" + initial + ")");
      }
      return this;
    }

    /** How long a deleted pod's container gets between SIGTERM and SIGKILL (default 2 s). */
    public Builder terminationGracePeriod(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw KubernetesInvalidException.rejected(
            "Config", "", "", "terminationGracePeriod", "must not be negative, found " + grace);
      }
      this.terminationGrace = grace;
      return this;
    }

    private static Duration positive(String field, Duration value) {
      Objects.requireNonNull(value, field);
      if (value.isNegative() || value.isZero()) {
        throw KubernetesInvalidException.rejected(
            "Config", "", "", field, "must be positive, found " + value);
      }
      return value;
    }

    public Builder defaultNamespace(String namespace) {
      this.defaultNamespace = Validation.namespace(namespace);
      return this;
    }

    /** Simulated time one {@link InMemoryCluster#step()} represents. */
    public Builder stepDuration(Duration step) {
      if (step == null || step.isNegative() || step.isZero()) {
        throw KubernetesInvalidException.rejected(
            "Config", "", "", "stepDuration", "must be positive, found " + step);
      }
      this.stepDuration = step;
      return this;
    }

    /** Steps a new pod stays Pending before it runs. */
    public Builder podStartupSteps(int steps) {
      this.podStartupSteps = Validation.nonNegative("Config", "", "", "podStartupSteps", steps);
      return this;
    }

    /** Steps a running pod with a readiness probe needs before it is ready. */
    public Builder readinessSteps(int steps) {
      this.readinessSteps = Validation.nonNegative("Config", "", "", "readinessSteps", steps);
      return this;
    }

    /**
     * Rollout waits block in real time until another thread calls {@link InMemoryCluster#step()}.
     */
    public Builder manualClock() {
      this.autoAdvance = false;
      return this;
    }

    public Builder startingAt(Instant instant) {
      this.start = Objects.requireNonNull(instant, "instant");
      return this;
    }

    public InMemoryCluster build() {
      return new InMemoryCluster(this);
    }
  }

  // ============================================================================================
  // simulation control

  /**
   * Advances the simulated clock by one step, running every controller once. With a runtime it runs
   * one kubelet pass now and returns when the container starts and probes it began have finished.
   */
  public void step() {
    stepLock.lock();
    try {
      locked(
          () -> {
            runStep();
            return null;
          });
      runPendingWork();
    } finally {
      stepLock.unlock();
    }
  }

  /**
   * Runs the runtime calls the last pass queued, outside the lock, in parallel, and waits for them.
   */
  private void runPendingWork() {
    if (runtimeWork == null) {
      return;
    }
    List<Runnable> work;
    synchronized (lock) {
      work = new ArrayList<>(pendingWork);
      pendingWork.clear();
    }
    List<Future<?>> running = new ArrayList<>(work.size());
    for (Runnable r : work) {
      running.add(runtimeWork.submit(r));
    }
    for (Future<?> f : running) {
      try {
        f.get(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("kubelet work did not complete", e);
      }
    }
  }

  /** Runs {@code count} steps. */
  public void step(int count) {
    for (int i = 0; i < Validation.nonNegative("Config", "", "", "count", count); i++) {
      step();
    }
  }

  /**
   * Steps until no controller changes anything (or {@code maxSteps} pass); returns the steps taken.
   */
  public int settle(int maxSteps) {
    for (int i = 0; i < maxSteps; i++) {
      String before = locked(this::fingerprint);
      step();
      boolean quiet = locked(() -> before.equals(fingerprint()));
      if (quiet) {
        return i + 1;
      }
    }
    return maxSteps;
  }

  /** The simulated time (the real time of the last pass when a runtime is set). */
  public Instant now() {
    synchronized (lock) {
      checkOpen();
      return now;
    }
  }

  /**
   * Reports the average CPU utilisation (percent of requests) of a deployment's pods, read by
   * autoscalers.
   */
  public void reportCpu(String namespace, String deployment, int percent) {
    locked(
        () -> {
          Key k = new Key(ns(namespace), deployment);
          requireDeployment(k);
          reportedCpu.put(
              k, Validation.nonNegative("Deployment", k.namespace, deployment, "cpu", percent));
          return null;
        });
  }

  /**
   * Pods running {@code image} crash-loop from now on: never ready, restart count growing each
   * step.
   */
  public void failImage(String image) {
    locked(() -> failingImages.add(Validation.notBlank("Pod", "", "", "image", image)));
  }

  /**
   * Simulates an image no registry has: pods running it stay Pending with {@code ErrImagePull},
   * then {@code ImagePullBackOff}, and a rollout wait fails with {@link ImagePullException}. (With
   * a runtime, the runtime decides which images exist.)
   */
  public void missingImage(String image) {
    locked(() -> missingImages.add(Validation.notBlank("Pod", "", "", "image", image)));
  }

  /** Appends a line to a pod's log (as if the container wrote it). */
  public void appendLog(String namespace, String pod, String line) {
    locked(
        () -> {
          PodState p = requirePod(new Key(ns(namespace), pod));
          p.log(now, line, outbox);
          return null;
        });
  }

  // ============================================================================================
  // namespaces

  @Override
  public String defaultNamespace() {
    synchronized (lock) {
      checkOpen();
    }
    return defaultNamespace;
  }

  @Override
  public void ensureNamespace(String namespace) {
    Validation.namespace(namespace);
    locked(() -> namespaces.add(namespace));
  }

  @Override
  public void deleteNamespace(String namespace) {
    Validation.namespace(namespace);
    locked(
        () -> {
          if (!namespaces.remove(namespace)) {
            throw notFound("Namespace", "", namespace);
          }
          for (Map<Key, ?> m :
              List.<Map<Key, ?>>of(
                  deployments, services, configMaps, secrets, autoscalers, reportedCpu)) {
            m.keySet().removeIf(k -> k.namespace.equals(namespace));
          }
          new ArrayList<>(pods.keySet())
              .stream().filter(k -> k.namespace.equals(namespace)).forEach(this::removePod);
          return null;
        });
  }

  @Override
  public List<String> namespaces() {
    synchronized (lock) {
      checkOpen();
      return List.copyOf(namespaces);
    }
  }

  // ============================================================================================
  // apply

  @Override
  public DeploymentInfo apply(DeploymentSpec spec) {
    return locked(
        () -> {
          String n = requireNamespace(spec.namespace());
          DeploymentSpec normalized =
              spec.namespace() == null ? spec.toBuilder().inNamespace(n).build() : spec;
          Key k = new Key(n, spec.name());
          DeploymentState d = deployments.get(k);
          if (d == null) {
            d = new DeploymentState(normalized);
            deployments.put(k, d);
          } else {
            if (!d.spec.selector().equals(normalized.selector())) {
              throw new KubernetesInvalidException(
                  "Deployment "
                      + n
                      + "/"
                      + spec.name()
                      + " is invalid: spec.selector: field is immutable",
                  "Deployment",
                  n,
                  spec.name(),
                  422,
                  List.of(
                      new KubernetesInvalidException.FieldCause(
                          "spec.selector", "FieldValueInvalid", "field is immutable")),
                  null);
            }
            d.update(normalized);
          }
          return deploymentInfo(k, d);
        });
  }

  @Override
  public ServiceInfo apply(ServiceSpec spec) {
    return locked(
        () -> {
          String n = requireNamespace(spec.namespace());
          Key k = new Key(n, spec.name());
          ServiceState existing = services.get(k);
          String clusterIp =
              existing != null ? existing.clusterIp : "10.96.0." + (++clusterIpSequence);
          List<ServicePort> ports = new ArrayList<>();
          for (ServicePort p : spec.ports()) {
            int nodePort = p.nodePort();
            if (spec.type() != ServiceType.CLUSTER_IP && nodePort == 0) {
              nodePort =
                  existing == null
                      ? ++nodePortSequence
                      : existing.ports.stream()
                          .filter(e -> e.port() == p.port() && e.nodePort() != 0)
                          .map(ServicePort::nodePort)
                          .findFirst()
                          .orElseGet(() -> ++nodePortSequence);
            }
            ports.add(new ServicePort(p.name(), p.port(), p.targetPort(), nodePort));
          }
          ServiceState s =
              new ServiceState(spec.type(), spec.selector(), List.copyOf(ports), clusterIp);
          services.put(k, s);
          return serviceInfo(k, s);
        });
  }

  @Override
  public void apply(ConfigMapSpec spec) {
    locked(
        () ->
            configMaps.put(new Key(requireNamespace(spec.namespace()), spec.name()), spec.data()));
  }

  @Override
  public void apply(SecretSpec spec) {
    locked(
        () -> secrets.put(new Key(requireNamespace(spec.namespace()), spec.name()), spec.data()));
  }

  @Override
  public AutoscalerInfo apply(AutoscalerSpec spec) {
    return locked(
        () -> {
          String n = requireNamespace(spec.namespace());
          AutoscalerSpec normalized = spec.namespace() == null ? spec.inNamespace(n) : spec;
          Key k = new Key(n, spec.name());
          AutoscalerState previous = autoscalers.get(k);
          AutoscalerState s = new AutoscalerState(normalized);
          if (previous != null) {
            s.currentReplicas = previous.currentReplicas;
            s.desiredReplicas = previous.desiredReplicas;
            s.currentCpu = previous.currentCpu;
          }
          autoscalers.put(k, s);
          return s.info();
        });
  }

  @Override
  public List<ResourceRef> applyYaml(String namespace, String yaml) {
    return applyYaml(namespace, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public List<ResourceRef> applyYaml(String namespace, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return applyYaml(namespace, in);
    } catch (IOException e) {
      throw new KubernetesException(
          "cannot read YAML file " + file + ": " + e.getMessage(), "", "", "", 0, e);
    }
  }

  /**
   * Parses with fabric8's model (so documents mean what they mean on a real server) and applies the
   * kinds the simulation models; any other kind is rejected before anything is applied.
   */
  @Override
  public List<ResourceRef> applyYaml(String namespace, InputStream yaml) {
    synchronized (lock) {
      checkOpen();
    }
    String target = namespace == null ? defaultNamespace : Validation.namespace(namespace);
    List<Object> docs = new ArrayList<>();
    try {
      Object parsed = Yaml.SERIALIZATION.unmarshal(yaml);
      if (parsed instanceof KubernetesList list) {
        docs.addAll(list.getItems());
      } else if (parsed instanceof Collection<?> c) {
        docs.addAll(c);
      } else if (parsed != null) {
        docs.add(parsed);
      }
    } catch (RuntimeException e) {
      throw new KubernetesInvalidException(
          "cannot parse YAML: " + e.getMessage(),
          "",
          target,
          "",
          0,
          List.of(
              new KubernetesInvalidException.FieldCause(
                  "", "ParseError", String.valueOf(e.getMessage()))),
          e);
    }
    List<Runnable> actions = new ArrayList<>();
    List<ResourceRef> refs = new ArrayList<>();
    for (Object doc : docs) {
      if (doc == null) {
        continue;
      }
      if (doc instanceof Namespace n) {
        actions.add(() -> ensureNamespace(n.getMetadata().getName()));
        refs.add(new ResourceRef("Namespace", "", n.getMetadata().getName()));
        continue;
      }
      if (!(doc instanceof io.fabric8.kubernetes.api.model.HasMetadata h)) {
        throw KubernetesInvalidException.rejected(
            "", target, "", "kind", "not a Kubernetes object: " + doc);
      }
      if (h.getMetadata().getNamespace() == null) {
        h.getMetadata().setNamespace(target);
      }
      String ns = h.getMetadata().getNamespace();
      String name = h.getMetadata().getName();
      if (h instanceof Deployment d) {
        DeploymentSpec spec = ModelMapper.toDeploymentSpec(d);
        actions.add(() -> apply(spec));
      } else if (h instanceof Service s) {
        ServiceSpec spec = ModelMapper.toServiceSpec(s);
        actions.add(() -> apply(spec));
      } else if (h instanceof ConfigMap c) {
        ConfigMapSpec spec = ModelMapper.toConfigMapSpec(c);
        actions.add(() -> apply(spec));
      } else if (h instanceof Secret s) {
        SecretSpec spec = ModelMapper.toSecretSpec(s);
        actions.add(() -> apply(spec));
      } else if (h instanceof HorizontalPodAutoscaler a) {
        AutoscalerSpec spec = ModelMapper.toAutoscalerSpec(a);
        actions.add(() -> apply(spec));
      } else {
        throw KubernetesInvalidException.rejected(
            h.getKind(),
            ns,
            name,
            "kind",
            "the in-memory cluster does not"
                + " simulate "
                + h.getApiVersion()
                + "/"
                + h.getKind()
                + "; supported: Namespace, Deployment, Service,"
                + " ConfigMap, Secret, autoscaling/v2 HorizontalPodAutoscaler");
      }
      refs.add(new ResourceRef(h.getKind(), ns, name));
    }
    actions.forEach(Runnable::run);
    return List.copyOf(refs);
  }

  // ============================================================================================
  // reads

  @Override
  public Optional<DeploymentInfo> deployment(String namespace, String name) {
    synchronized (lock) {
      checkOpen();
      Key k =
          new Key(
              ns(namespace), Validation.subdomain("Deployment", namespace, "metadata.name", name));
      return Optional.ofNullable(deployments.get(k)).map(d -> deploymentInfo(k, d));
    }
  }

  @Override
  public List<DeploymentInfo> deployments(String namespace) {
    synchronized (lock) {
      checkOpen();
      String n = ns(namespace);
      return deployments.entrySet().stream()
          .filter(e -> e.getKey().namespace.equals(n))
          .map(e -> deploymentInfo(e.getKey(), e.getValue()))
          .toList();
    }
  }

  @Override
  public Optional<ServiceInfo> service(String namespace, String name) {
    synchronized (lock) {
      checkOpen();
      Key k = new Key(ns(namespace), name);
      return Optional.ofNullable(services.get(k)).map(s -> serviceInfo(k, s));
    }
  }

  @Override
  public Optional<Map<String, String>> configMap(String namespace, String name) {
    synchronized (lock) {
      checkOpen();
      return Optional.ofNullable(configMaps.get(new Key(ns(namespace), name)));
    }
  }

  @Override
  public Optional<Map<String, String>> secret(String namespace, String name) {
    synchronized (lock) {
      checkOpen();
      return Optional.ofNullable(secrets.get(new Key(ns(namespace), name)));
    }
  }

  @Override
  public Optional<AutoscalerInfo> autoscaler(String namespace, String name) {
    synchronized (lock) {
      checkOpen();
      return Optional.ofNullable(autoscalers.get(new Key(ns(namespace), name)))
          .map(AutoscalerState::info);
    }
  }

  @Override
  public List<PodInfo> pods(String namespace, Map<String, String> selector) {
    synchronized (lock) {
      checkOpen();
      String n = ns(namespace);
      return pods.entrySet().stream()
          .filter(e -> e.getKey().namespace.equals(n))
          .filter(e -> matches(e.getValue().labels, selector))
          .map(e -> e.getValue().info(runtime.isEmpty()))
          .toList();
    }
  }

  // ============================================================================================
  // rollout ops

  @Override
  public DeploymentInfo scale(String namespace, String name, int replicas) {
    return locked(
        () -> {
          Key k = new Key(ns(namespace), name);
          Validation.nonNegative("Deployment", k.namespace, name, "spec.replicas", replicas);
          DeploymentState d = requireDeployment(k);
          d.update(d.spec.toBuilder().withReplicas(replicas).build());
          return deploymentInfo(k, d);
        });
  }

  @Override
  public DeploymentInfo updateImage(String namespace, String name, String image) {
    return locked(
        () -> {
          Key k = new Key(ns(namespace), name);
          Validation.imageReference(
              "Deployment", k.namespace, name, "spec.template.spec.containers[0].image", image);
          DeploymentState d = requireDeployment(k);
          d.update(d.spec.toBuilder().running(image).build());
          return deploymentInfo(k, d);
        });
  }

  @Override
  public DeploymentInfo restart(String namespace, String name) {
    return locked(
        () -> {
          Key k = new Key(ns(namespace), name);
          DeploymentState d = requireDeployment(k);
          d.update(
              d.spec.toBuilder()
                  .withPodAnnotation(ModelMapper.RESTARTED_AT_ANNOTATION, now.toString())
                  .build());
          return deploymentInfo(k, d);
        });
  }

  @Override
  public DeploymentInfo rollback(String namespace, String name) {
    return locked(
        () -> {
          Key k = new Key(ns(namespace), name);
          DeploymentState d = requireDeployment(k);
          long current = d.currentRevision();
          ReplicaSetState previous =
              d.replicaSets.values().stream()
                  .filter(rs -> rs.revision < current)
                  .max(Comparator.comparingLong(rs -> rs.revision))
                  .orElseThrow(
                      () ->
                          new KubernetesNotFoundException(
                              "deployment "
                                  + k
                                  + " has no previous revision to roll"
                                  + " back to (current revision "
                                  + current
                                  + ")",
                              "Deployment",
                              k.namespace,
                              name,
                              0,
                              null));
          d.update(
              previous.template.toBuilder()
                  .withReplicas(d.spec.replicas())
                  .rollingUpdate(d.spec.strategy())
                  .build());
          return deploymentInfo(k, d);
        });
  }

  @Override
  public RolloutStatus rolloutStatus(String namespace, String name) {
    synchronized (lock) {
      checkOpen();
      Key k = new Key(ns(namespace), name);
      return status(k, requireDeployment(k));
    }
  }

  /**
   * With the automatic clock the wait drives the simulation: it steps until the rollout completes
   * or {@code timeout} of simulated time has passed. With {@link Builder#manualClock()} or a
   * runtime it blocks in real time until another thread's {@link #step()} (the kubelet's, with a
   * runtime) completes the rollout. A pod of the current revision that cannot get its image fails
   * the wait with {@link ImagePullException}.
   */
  @Override
  public RolloutStatus awaitRollout(
      String namespace, String name, Duration timeout, RolloutListener listener) {
    Objects.requireNonNull(listener, "listener");
    String n = ns(namespace);
    if (timeout.isNegative()) {
      throw KubernetesInvalidException.rejected(
          "Deployment", n, name, "timeout", "must not be negative, found " + timeout);
    }
    long realDeadline = System.nanoTime() + timeout.toNanos();
    boolean simulatedClock = autoAdvance && runtime.isEmpty();
    Duration simulated = Duration.ZERO;
    RolloutStatus last = null;
    while (true) {
      RolloutStatus status = rolloutStatus(n, name);
      if (!status.equals(last)) {
        listener.onProgress(status);
        last = status;
      }
      if (status.complete()) {
        return status;
      }
      Optional<ImagePullException> pullFailure = imagePullFailure(n, name, status);
      if (pullFailure.isPresent()) {
        throw pullFailure.get();
      }
      boolean expired =
          simulatedClock ? simulated.compareTo(timeout) >= 0 : System.nanoTime() >= realDeadline;
      if (expired) {
        throw new RolloutTimeoutException(
            "timed out after "
                + timeout
                + (simulatedClock ? " (simulated)" : "")
                + " waiting for the rollout of deployment \""
                + n
                + "/"
                + name
                + "\"; last status: "
                + status.describe()
                + " (generation "
                + status.generation()
                + ", observed "
                + status.observedGeneration()
                + ", updated "
                + status.updatedReplicas()
                + ", available "
                + status.availableReplicas()
                + ", unavailable "
                + status.unavailableReplicas()
                + " of "
                + status.replicas()
                + ")",
            status);
      }
      if (simulatedClock) {
        step();
        simulated = simulated.plus(stepDuration);
      } else {
        synchronized (lock) {
          checkOpen();
          long waitMs = Math.max(1, (realDeadline - System.nanoTime()) / 1_000_000);
          try {
            lock.wait(Math.min(waitMs, 100));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesException(
                "interrupted while waiting for the rollout of " + n + "/" + name,
                "Deployment",
                n,
                name,
                0,
                e);
          }
        }
      }
    }
  }

  /**
   * The first pod of the deployment's current revision whose image cannot be pulled, as a failure.
   */
  private Optional<ImagePullException> imagePullFailure(
      String namespace, String name, RolloutStatus status) {
    synchronized (lock) {
      DeploymentState d = deployments.get(new Key(namespace, name));
      if (d == null) {
        return Optional.empty();
      }
      String current = d.currentReplicaSet().name;
      return pods.values().stream()
          .filter(
              p ->
                  p.key.namespace.equals(namespace)
                      && name.equals(p.deployment)
                      && p.replicaSet.equals(current))
          .filter(p -> ImagePullException.REASONS.contains(p.reason))
          .findFirst()
          .map(p -> new ImagePullException(namespace, name, p.key.name, p.image, p.reason, status));
    }
  }

  // ============================================================================================
  // logs

  @Override
  public String logs(String namespace, String pod, LogOptions options) {
    PodContainer container;
    List<String> lines;
    synchronized (lock) {
      checkOpen();
      PodState p = requirePod(new Key(ns(namespace), pod));
      checkContainer(p, options);
      container = p.container;
      lines = selectLines(p, options);
    }
    if (container != null) {
      // a real workload: its log is the container's (read outside the lock: the runtime may be a
      // remote engine)
      lines = container.logs(options.tailLines(), options.since());
    }
    return String.join("", lines.stream().map(l -> l + "\n").toList());
  }

  @Override
  public Subscription followLogs(
      String namespace, String pod, LogOptions options, Consumer<String> lines) {
    Objects.requireNonNull(lines, "lines");
    return locked(
        () -> {
          PodState p = requirePod(new Key(ns(namespace), pod));
          checkContainer(p, options);
          if (p.container != null) {
            return followContainer(p, p.container, options, lines);
          }
          LogFollower f = new LogFollower(lines);
          for (String line : selectLines(p, options)) {
            outbox.add(() -> f.deliver(line));
          }
          p.followers.add(f);
          return () -> {
            synchronized (lock) {
              p.followers.remove(f);
            }
            f.closed.set(true);
          };
        });
  }

  /**
   * Follows a runtime container's log by polling it (the runtime interface offers snapshots only),
   * until the subscription closes or the pod's container changes (exit, restart, deletion), as
   * {@code kubectl logs -f} ends when the container does.
   */
  private Subscription followContainer(
      PodState p, PodContainer c, LogOptions options, Consumer<String> lines) {
    AtomicBoolean stop = new AtomicBoolean();
    runtimeWork.submit(
        () -> {
          int delivered = 0;
          boolean first = true;
          try {
            while (!stop.get()) {
              List<String> all = c.logs(-1, Duration.ZERO);
              if (first) {
                List<String> initial = c.logs(options.tailLines(), options.since());
                delivered = all.size() - initial.size();
                first = false;
              }
              for (int i = Math.max(0, delivered); i < all.size() && !stop.get(); i++) {
                lines.accept(all.get(i));
              }
              delivered = all.size();
              boolean current;
              synchronized (lock) {
                current = !closed && pods.get(p.key) == p && p.container == c;
              }
              if (!current) {
                return;
              }
              Thread.sleep(200);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            LOG.debug("log follow of pod {} ended: {}", p.key, e.toString());
          }
        });
    return () -> stop.set(true);
  }

  private static void checkContainer(PodState p, LogOptions options) {
    if (!options.container().isEmpty() && !options.container().equals(p.containerName)) {
      throw new KubernetesNotFoundException(
          "container "
              + options.container()
              + " is not valid for pod "
              + p.key
              + "; its container is "
              + p.containerName,
          "Pod",
          p.key.namespace,
          p.key.name,
          400,
          null);
    }
  }

  private List<String> selectLines(PodState p, LogOptions options) {
    Instant since = options.since().isZero() ? Instant.MIN : now.minus(options.since());
    List<String> lines =
        p.log.stream().filter(l -> !l.at.isBefore(since)).map(l -> l.text).toList();
    if (options.tailLines() >= 0 && lines.size() > options.tailLines()) {
      lines = lines.subList(lines.size() - options.tailLines(), lines.size());
    }
    return lines;
  }

  // ============================================================================================
  // watches

  @Override
  public Subscription watchDeployments(String namespace, WatchListener<DeploymentInfo> listener) {
    return subscribe(
        deploymentWatchers,
        publishedDeployments,
        ns(namespace),
        listener,
        () -> deployments.forEach((k, d) -> publishedDeployments.put(k, deploymentInfo(k, d))));
  }

  @Override
  public Subscription watchPods(String namespace, WatchListener<PodInfo> listener) {
    return subscribe(
        podWatchers,
        publishedPods,
        ns(namespace),
        listener,
        () -> pods.forEach((k, p) -> publishedPods.put(k, p.info(runtime.isEmpty()))));
  }

  /**
   * Adds a watcher after bringing {@code published} up to date without events ({@code fill}
   * re-reads the current objects), then replays the current objects to it as ADDED.
   */
  private <T> Subscription subscribe(
      List<Watcher<T>> watchers,
      Map<Key, T> published,
      String namespace,
      WatchListener<T> listener,
      Runnable fill) {
    Objects.requireNonNull(listener, "listener");
    Watcher<T> w = new Watcher<>(namespace, listener);
    locked(
        () -> {
          published.clear();
          fill.run();
          // like an informer's initial list: the current objects arrive as ADDED
          published.forEach(
              (k, v) -> {
                if (k.namespace.equals(namespace)) {
                  outbox.add(() -> w.deliver(new WatchEvent<>(WatchEvent.Type.ADDED, v)));
                }
              });
          watchers.add(w);
          return null;
        });
    return () -> {
      if (watchers.remove(w)) {
        w.closed.set(true);
        listener.onClose(null);
      }
    };
  }

  // ============================================================================================
  // deletes

  @Override
  public void delete(ResourceKind kind, String namespace, String name, Propagation propagation) {
    Objects.requireNonNull(propagation, "propagation");
    if (kind == ResourceKind.NAMESPACE) {
      deleteNamespace(name);
      return;
    }
    locked(
        () -> {
          Key k = new Key(ns(namespace), name);
          if (!deleteOne(kind, k, propagation)) {
            throw notFound(kind.apiKind(), k.namespace, name);
          }
          return null;
        });
  }

  @Override
  public int deleteByLabel(
      ResourceKind kind, String namespace, Map<String, String> selector, Propagation propagation) {
    if (selector.isEmpty()) {
      throw KubernetesInvalidException.rejected(
          kind.apiKind(),
          namespace,
          "",
          "labelSelector",
          "an empty selector would delete every " + kind.apiKind() + "; name at least one label");
    }
    return locked(
        () -> {
          String n = ns(namespace);
          List<Key> victims = new ArrayList<>();
          switch (kind) {
            case DEPLOYMENT ->
                deployments.forEach(
                    (k, d) -> {
                      if (k.namespace.equals(n) && matches(d.spec.labels(), selector)) {
                        victims.add(k);
                      }
                    });
            case POD ->
                pods.forEach(
                    (k, p) -> {
                      if (k.namespace.equals(n) && matches(p.labels, selector)) {
                        victims.add(k);
                      }
                    });
            default ->
                throw KubernetesInvalidException.rejected(
                    kind.apiKind(),
                    n,
                    "",
                    "kind",
                    "the in-memory cluster"
                        + " keeps labels only on Deployments and Pods; delete "
                        + kind.apiKind()
                        + " by name");
          }
          victims.forEach(k -> deleteOne(kind, k, propagation));
          return victims.size();
        });
  }

  private boolean deleteOne(ResourceKind kind, Key k, Propagation propagation) {
    return switch (kind) {
      case DEPLOYMENT -> {
        DeploymentState d = deployments.remove(k);
        if (d != null) {
          reportedCpu.remove(k);
          for (PodState p : new ArrayList<>(pods.values())) {
            if (p.key.namespace.equals(k.namespace) && k.name.equals(p.deployment)) {
              if (propagation == Propagation.ORPHAN) {
                p.deployment = null;
                p.ownerName = "";
              } else {
                removePod(p.key);
              }
            }
          }
        }
        yield d != null;
      }
      case SERVICE -> services.remove(k) != null;
      case CONFIG_MAP -> configMaps.remove(k) != null;
      case SECRET -> secrets.remove(k) != null;
      case HORIZONTAL_POD_AUTOSCALER -> autoscalers.remove(k) != null;
      case POD -> {
        boolean present = pods.containsKey(k);
        removePod(k);
        yield present;
      }
      case NAMESPACE ->
          throw new IllegalStateException("namespaces are deleted through deleteNamespace");
    };
  }

  /**
   * Stops the kubelet, removes every pod's container (waiting up to the termination grace period
   * plus a margin) and ends watches and log follows. Idempotent.
   */
  @Override
  public void close() {
    List<PodContainer> containers = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      for (PodState p : pods.values()) {
        if (p.container != null) {
          containers.add(p.container);
          p.container = null;
        }
        p.followers.forEach(LogFollower::end);
      }
      pendingWork.clear();
      lock.notifyAll();
    }
    if (kubelet != null) {
      kubelet.shutdownNow();
      List<Future<?>> removals = new ArrayList<>(stopping);
      for (PodContainer c : containers) {
        removals.add(runtimeWork.submit(c::close));
      }
      for (Future<?> f : removals) {
        try {
          f.get(terminationGrace.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (ExecutionException | TimeoutException e) {
          LOG.warn("removing a pod container at close failed", e);
        }
      }
      // starts still in flight see the cluster closed and remove what they started: wait for them
      // too, so that
      // no container outlives close()
      runtimeWork.shutdown();
      try {
        if (!runtimeWork.awaitTermination(
            terminationGrace.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
          LOG.warn(
              "pod runtime calls still running after close; their containers may outlive the"
                  + " cluster");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Watcher<?> w : List.copyOf(deploymentWatchers)) {
      w.closed.set(true);
      w.listener.onClose(null);
    }
    for (Watcher<?> w : List.copyOf(podWatchers)) {
      w.closed.set(true);
      w.listener.onClose(null);
    }
    deploymentWatchers.clear();
    podWatchers.clear();
  }

  // ============================================================================================
  // the controllers

  private void runStep() {
    if (runtime.isPresent()) {
      Instant wall = Instant.now();
      now = wall.isAfter(now) ? wall : now.plusNanos(1);
    } else {
      now = now.plus(stepDuration);
    }
    runAutoscalers();
    for (Map.Entry<Key, DeploymentState> e : deployments.entrySet()) {
      reconcile(e.getKey(), e.getValue());
    }
    for (PodState p : pods.values()) {
      advancePod(p);
    }
    lock.notifyAll();
  }

  private void runAutoscalers() {
    for (Map.Entry<Key, AutoscalerState> e : autoscalers.entrySet()) {
      AutoscalerState a = e.getValue();
      Key target = new Key(e.getKey().namespace, a.spec.deployment());
      DeploymentState d = deployments.get(target);
      if (d == null) {
        continue;
      }
      int current = d.spec.replicas();
      Integer cpu = reportedCpu.get(target);
      if (current == 0) {
        // a deployment scaled to zero disables its autoscaler, as on a real cluster
        a.currentReplicas = 0;
        a.desiredReplicas = 0;
        a.currentCpu = cpu == null ? -1 : cpu;
        continue;
      }
      int desired = current;
      if (cpu != null) {
        double ratio = cpu / (double) a.spec.targetCpuUtilizationPercent();
        if (Math.abs(ratio - 1.0) > 0.1) {
          desired = (int) Math.ceil(current * ratio);
        }
      }
      desired = Math.max(a.spec.minReplicas(), Math.min(a.spec.maxReplicas(), desired));
      a.currentReplicas = current;
      a.desiredReplicas = desired;
      a.currentCpu = cpu == null ? -1 : cpu;
      if (desired != current) {
        d.update(d.spec.toBuilder().withReplicas(desired).build());
      }
    }
  }

  /** One pass of the deployment controller (see the class comment for the rolling-update rules). */
  private void reconcile(Key k, DeploymentState d) {
    ReplicaSetState current = d.currentReplicaSet();
    int desired = d.spec.replicas();
    List<PodState> owned =
        pods.values().stream()
            .filter(p -> k.name.equals(p.deployment) && p.key.namespace.equals(k.namespace))
            .toList();
    List<PodState> newPods = owned.stream().filter(p -> p.replicaSet.equals(current.name)).toList();
    List<PodState> oldPods =
        owned.stream().filter(p -> !p.replicaSet.equals(current.name)).toList();

    if (oldPods.isEmpty()) {
      scaleTo(k, d, current, newPods, desired);
    } else {
      RollingUpdate strategy = d.spec.strategy();
      int surge = Validation.resolve(strategy.maxSurge(), desired, true);
      int maxUnavailable = Validation.resolve(strategy.maxUnavailable(), desired, false);
      if (surge == 0 && maxUnavailable == 0) {
        maxUnavailable = 1; // what the real controller does when both percentages round to zero
      }
      int total = owned.size();
      int room = desired + surge - total;
      int newTarget = Math.min(desired, newPods.size() + Math.max(0, room));
      if (newTarget > newPods.size()) {
        scaleTo(k, d, current, newPods, newTarget);
      } else if (newPods.size() > desired) {
        scaleTo(k, d, current, newPods, desired);
      }
      // old pods that are not ready cost no availability: remove them first
      for (PodState p : oldPods) {
        if (!p.ready) {
          removePod(p.key);
        }
      }
      List<PodState> oldReady =
          oldPods.stream().filter(p -> p.ready).sorted(PodState.NEWEST_FIRST).toList();
      long available =
          pods.values().stream()
              .filter(
                  p ->
                      k.name.equals(p.deployment) && p.ready && p.key.namespace.equals(k.namespace))
              .count();
      long removable = Math.max(0, available - (desired - maxUnavailable));
      for (int i = 0; i < oldReady.size() && i < removable; i++) {
        removePod(oldReady.get(i).key);
      }
    }
    d.observedGeneration = d.generation;
  }

  private void scaleTo(
      Key k, DeploymentState d, ReplicaSetState rs, List<PodState> existing, int target) {
    if (existing.size() < target) {
      for (int i = existing.size(); i < target; i++) {
        createPod(k, d, rs);
      }
    } else if (existing.size() > target) {
      // like the ReplicaSet controller: unready and younger pods go first
      List<PodState> order = new ArrayList<>(existing);
      order.sort(
          Comparator.comparing((PodState p) -> p.ready).thenComparing(PodState.NEWEST_FIRST));
      for (int i = 0; i < existing.size() - target; i++) {
        removePod(order.get(i).key);
      }
    }
  }

  private void createPod(Key k, DeploymentState d, ReplicaSetState rs) {
    String suffix = Long.toString(36L * 36 * 36 * 36 + (podSequence++), 36);
    String name = rs.name + "-" + suffix.substring(suffix.length() - 5);
    Map<String, String> labels = new LinkedHashMap<>(rs.template.labels());
    labels.put(TEMPLATE_HASH_LABEL, rs.hash);
    PodState p =
        new PodState(new Key(k.namespace, name), k.name, rs.name, labels, rs.template, now);
    pods.put(p.key, p);
  }

  private void advancePod(PodState p) {
    if (runtime.isPresent()) {
      superviseContainer(p);
      return;
    }
    if (p.created.equals(now)) {
      return; // created by this step's controllers: the kubelet sees it next step
    }
    p.age++;
    if (p.phase == PodPhase.PENDING && missingImages.contains(p.image)) {
      p.reason = p.reason.isEmpty() ? PodStartException.ERR_IMAGE_PULL : "ImagePullBackOff";
      return;
    }
    if (p.phase == PodPhase.PENDING) {
      if (p.age >= podStartupSteps) {
        p.phase = PodPhase.RUNNING;
        p.ip = "10.244.0." + (++ipSequence % 250 + 2);
        p.node = NODE;
        p.runningSteps = 0;
        p.log(now, "container " + p.containerName + " started from image " + p.image, outbox);
      } else {
        return;
      }
    } else if (p.phase == PodPhase.RUNNING) {
      p.runningSteps++;
    }
    if (failingImages.contains(p.image)) {
      if (p.runningSteps > 0) {
        p.restarts++;
        p.reason = "CrashLoopBackOff";
        p.log(
            now,
            "container " + p.containerName + " exited with code 1; back-off restarting",
            outbox);
      }
      p.ready = false;
      return;
    }
    if (!p.ready && (!p.hasReadinessProbe || p.runningSteps >= readinessSteps)) {
      p.ready = true;
    }
  }

  private void removePod(Key k) {
    PodState p = pods.remove(k);
    if (p != null && p.container != null) {
      PodContainer c = p.container;
      p.container = null;
      stopContainer(p, c);
    }
    if (p != null) {
      for (LogFollower f : p.followers) {
        outbox.add(f::end);
      }
      p.followers.clear();
    }
  }

  // ============================================================================================
  // the local kubelet

  /**
   * One kubelet decision for a pod run by the runtime (under the lock): start its container when it
   * has none and its back-off has passed, otherwise check the container and run the probes that are
   * due. The runtime calls themselves are queued to run outside the lock; at most one is in flight
   * per pod.
   */
  private void superviseContainer(PodState p) {
    if (p.busy) {
      return;
    }
    if (p.container == null) {
      if (now.isBefore(p.nextStart)) {
        return;
      }
      p.busy = true;
      PodContainerSpec spec = containerSpec(p);
      pendingWork.add(() -> startContainer(p, spec));
      return;
    }
    PodContainer c = p.container;
    Optional<Probe> readiness = due(p, p.template.readinessProbe(), p.lastReadiness, !p.ready);
    Optional<Probe> liveness = due(p, p.template.livenessProbe(), p.lastLiveness, false);
    readiness.ifPresent(probe -> p.lastReadiness = now);
    liveness.ifPresent(probe -> p.lastLiveness = now);
    p.busy = true;
    pendingWork.add(() -> checkContainer(p, c, readiness, liveness));
  }

  /**
   * The probe when it should run now: after its initial delay, then at its period; a readiness
   * probe that has not yet passed runs every pass, so a pod becomes ready as soon as it answers.
   */
  private Optional<Probe> due(PodState p, Optional<Probe> probe, Instant last, boolean eager) {
    if (probe.isEmpty() || now.isBefore(p.startedAt.plus(probe.get().initialDelay()))) {
      return Optional.empty();
    }
    return eager || !now.isBefore(last.plus(probe.get().period())) ? probe : Optional.empty();
  }

  private PodContainerSpec containerSpec(PodState p) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar v : p.template.env()) {
      // resolved when the container starts, as the kubelet does; a missing key leaves the variable
      // empty
      Map<Key, Map<String, String>> source =
          switch (v.source()) {
            case LITERAL -> Map.of();
            case CONFIG_MAP -> configMaps;
            case SECRET -> secrets;
          };
      String value =
          v.source() == EnvVar.Source.LITERAL
              ? v.value()
              : source
                  .getOrDefault(new Key(p.key.namespace, v.sourceName()), Map.of())
                  .getOrDefault(v.sourceKey(), "");
      env.put(v.name(), value);
    }
    List<Integer> ports = p.template.ports().stream().map(port -> port.port()).toList();
    return new PodContainerSpec(
        p.key.namespace,
        p.key.name,
        p.containerName,
        p.image,
        p.template.command(),
        p.template.args(),
        env,
        ports,
        p.labels);
  }

  /** Outside the lock: starts the pod's container and records the outcome. */
  private void startContainer(PodState p, PodContainerSpec spec) {
    PodContainer started = null;
    String failure = "";
    String message = "";
    try {
      started = runtime.orElseThrow().start(spec);
    } catch (PodStartException e) {
      failure = e.reason();
      message = e.getMessage();
    } catch (RuntimeException e) {
      failure = PodStartException.CREATE_CONTAINER_ERROR;
      message = e.toString();
    }
    PodContainer c = started;
    String reason = failure;
    String why = message;
    boolean kept =
        Boolean.TRUE.equals(
            whileOpen(
                () -> {
                  p.busy = false;
                  if (pods.get(p.key) != p) {
                    return false; // deleted while starting
                  }
                  if (c == null) {
                    boolean pull = reason.equals(PodStartException.ERR_IMAGE_PULL);
                    p.reason =
                        pull && ImagePullException.REASONS.contains(p.reason)
                            ? "ImagePullBackOff"
                            : reason;
                    p.nextStart = now.plus(backOff(p));
                    LOG.warn(
                        "pod {} cannot start ({}), retrying after {}: {}",
                        p.key,
                        p.reason,
                        Duration.between(now, p.nextStart),
                        why);
                    return true;
                  }
                  if (p.startedAt != null) {
                    p.restarts++; // as the kubelet counts: a container started again after one
                    // ended
                  }
                  p.container = c;
                  p.phase = PodPhase.RUNNING;
                  p.ip = c.host();
                  p.ports = Map.copyOf(c.ports());
                  p.node = NODE;
                  p.reason = "";
                  p.startedAt = now;
                  p.readinessFailures = 0;
                  p.livenessFailures = 0;
                  p.ready = !p.hasReadinessProbe;
                  LOG.debug("pod {} started on {} with ports {}", p.key, c.host(), c.ports());
                  return true;
                }));
    if (c != null && !kept) {
      c.close();
    }
  }

  /**
   * Outside the lock: sees whether the container exited and runs the due probes, then records what
   * it found.
   */
  private void checkContainer(
      PodState p, PodContainer c, Optional<Probe> readiness, Optional<Probe> liveness) {
    java.util.OptionalInt exit = java.util.OptionalInt.empty();
    Boolean ready = null;
    Boolean alive = null;
    try {
      exit = c.exitCode();
      if (exit.isEmpty()) {
        ready = readiness.map(probe -> PodProbes.passes(probe, c, p.key.toString())).orElse(null);
        alive = liveness.map(probe -> PodProbes.passes(probe, c, p.key.toString())).orElse(null);
      }
    } catch (RuntimeException e) {
      LOG.warn("checking the container of pod {} failed", p.key, e);
    }
    java.util.OptionalInt exited = exit;
    Boolean readyNow = ready;
    Boolean aliveNow = alive;
    whileOpen(
        () -> {
          p.busy = false;
          if (pods.get(p.key) != p || p.container != c) {
            return null;
          }
          if (readyNow != null) {
            p.readinessFailures = readyNow ? 0 : p.readinessFailures + 1;
            if (readyNow) {
              p.ready = true;
            } else if (p.readinessFailures >= readiness.get().failureThreshold()) {
              p.ready = false;
            }
          }
          boolean killed = false;
          if (aliveNow != null) {
            p.livenessFailures = aliveNow ? 0 : p.livenessFailures + 1;
            killed = p.livenessFailures >= liveness.get().failureThreshold();
          }
          if (exited.isPresent() || killed) {
            restartLater(
                p,
                c,
                exited.isPresent()
                    ? "exited with code " + exited.getAsInt()
                    : "failed its liveness probe");
          }
          return null;
        });
  }

  /**
   * The container is gone or condemned: count a restart and start a new one after the back-off
   * (under the lock).
   */
  private void restartLater(PodState p, PodContainer c, String why) {
    if (Duration.between(p.startedAt, now).compareTo(BACK_OFF_RESET) >= 0) {
      p.backOffs = 0;
    }
    p.container = null;
    p.ready = false;
    p.reason = "CrashLoopBackOff";
    p.nextStart = now.plus(backOff(p));
    LOG.info(
        "pod {} container {}; restart {} after {} (CrashLoopBackOff)",
        p.key,
        why,
        p.restarts + 1,
        Duration.between(now, p.nextStart));
    stopContainer(p, c);
  }

  /** Kubernetes' restart back-off: initial, doubling per use, capped. */
  private Duration backOff(PodState p) {
    Duration d = backOffInitial;
    for (int i = 0; i < p.backOffs && d.compareTo(backOffMax) < 0; i++) {
      d = d.multipliedBy(2);
    }
    p.backOffs++;
    return d.compareTo(backOffMax) > 0 ? backOffMax : d;
  }

  /** Queues a container's stop and removal outside the lock (under the lock). */
  private void stopContainer(PodState p, PodContainer c) {
    stopping.removeIf(Future::isDone);
    stopping.add(
        runtimeWork.submit(
            () -> {
              try {
                c.stop(terminationGrace);
              } catch (RuntimeException e) {
                LOG.warn("stopping the container of pod {} failed", p.key, e);
              }
            }));
  }

  /** Runs a state change under the lock unless the cluster closed meanwhile (then returns null). */
  private <T> T whileOpen(Supplier<T> op) {
    synchronized (lock) {
      if (closed) {
        return null;
      }
    }
    try {
      return locked(
          () -> {
            T result = op.get();
            lock.notifyAll();
            return result;
          });
    } catch (IllegalStateException closedMeanwhile) {
      return null;
    }
  }

  // ============================================================================================
  // snapshots

  private RolloutStatus status(Key k, DeploymentState d) {
    ReplicaSetState current = d.currentReplicaSet();
    int total = 0;
    int updated = 0;
    int ready = 0;
    for (PodState p : pods.values()) {
      if (k.name.equals(p.deployment) && p.key.namespace.equals(k.namespace)) {
        total++;
        if (current != null && p.replicaSet.equals(current.name)) {
          updated++;
        }
        if (p.ready) {
          ready++;
        }
      }
    }
    int desired = d.spec.replicas();
    return new RolloutStatus(
        k.namespace,
        k.name,
        d.generation,
        d.observedGeneration,
        desired,
        total,
        updated,
        ready,
        ready,
        Math.max(0, desired - ready));
  }

  private DeploymentInfo deploymentInfo(Key k, DeploymentState d) {
    return new DeploymentInfo(
        k.namespace,
        k.name,
        d.spec.image(),
        d.spec.replicas(),
        d.spec.selector(),
        d.currentRevision(),
        status(k, d));
  }

  private ServiceInfo serviceInfo(Key k, ServiceState s) {
    List<String> endpoints = new ArrayList<>();
    if (!s.selector.isEmpty()) {
      for (PodState p : pods.values()) {
        if (p.key.namespace.equals(k.namespace) && p.ready && matches(p.labels, s.selector)) {
          for (ServicePort port : s.ports) {
            endpoints.add(p.ip + ":" + p.ports.getOrDefault(port.targetPort(), port.targetPort()));
          }
        }
      }
    }
    return new ServiceInfo(
        k.namespace, k.name, s.type, s.clusterIp, s.selector, s.ports, endpoints);
  }

  private String fingerprint() {
    StringBuilder sb = new StringBuilder();
    deployments.forEach((k, d) -> sb.append(deploymentInfo(k, d)));
    pods.values().forEach(p -> sb.append(p.info(runtime.isEmpty())));
    autoscalers.values().forEach(a -> sb.append(a.info()));
    return sb.toString();
  }

  /**
   * Diffs the current objects against those last published and queues watch events for the changes.
   */
  private void publish() {
    // Without watchers there is nobody to tell; a new watcher's subscribe() publishes before it is
    // added, so
    // skipping here never leaks stale events to it.
    if (!deploymentWatchers.isEmpty()) {
      Map<Key, DeploymentInfo> currentDeployments = new TreeMap<>();
      deployments.forEach((k, d) -> currentDeployments.put(k, deploymentInfo(k, d)));
      diff(publishedDeployments, currentDeployments, deploymentWatchers);
    }
    if (!podWatchers.isEmpty()) {
      Map<Key, PodInfo> currentPods = new TreeMap<>();
      pods.forEach((k, p) -> currentPods.put(k, p.info(runtime.isEmpty())));
      diff(publishedPods, currentPods, podWatchers);
    }
  }

  private <T> void diff(Map<Key, T> published, Map<Key, T> current, List<Watcher<T>> watchers) {
    for (Map.Entry<Key, T> e : current.entrySet()) {
      T before = published.get(e.getKey());
      if (before == null) {
        queue(watchers, e.getKey(), new WatchEvent<>(WatchEvent.Type.ADDED, e.getValue()));
      } else if (!before.equals(e.getValue())) {
        queue(watchers, e.getKey(), new WatchEvent<>(WatchEvent.Type.MODIFIED, e.getValue()));
      }
    }
    for (Map.Entry<Key, T> e : published.entrySet()) {
      if (!current.containsKey(e.getKey())) {
        queue(watchers, e.getKey(), new WatchEvent<>(WatchEvent.Type.DELETED, e.getValue()));
      }
    }
    published.clear();
    published.putAll(current);
  }

  private <T> void queue(List<Watcher<T>> watchers, Key k, WatchEvent<T> event) {
    for (Watcher<T> w : watchers) {
      if (w.namespace.equals(k.namespace)) {
        outbox.add(() -> w.deliver(event));
      }
    }
  }

  // ============================================================================================
  // plumbing

  /**
   * Runs a state change under the lock, then delivers the watch events and log lines it produced
   * outside the lock. One shared queue keeps deliveries in the order the changes happened,
   * whichever thread drains it.
   */
  private <T> T locked(Supplier<T> op) {
    T result;
    synchronized (lock) {
      checkOpen();
      result = op.get();
      publish();
    }
    synchronized (dispatchLock) {
      Runnable r;
      while ((r = outbox.poll()) != null) {
        r.run();
      }
    }
    return result;
  }

  /** Every call but close fails once the cluster is closed; holds the lock. */
  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("in-memory cluster is closed");
    }
  }

  private String ns(String namespace) {
    return namespace == null ? defaultNamespace : Validation.namespace(namespace);
  }

  private String requireNamespace(String namespace) {
    String n = ns(namespace);
    if (!namespaces.contains(n)) {
      throw new KubernetesNotFoundException(
          "namespace \"" + n + "\" not found", "Namespace", "", n, 404, null);
    }
    return n;
  }

  private DeploymentState requireDeployment(Key k) {
    Validation.subdomain("Deployment", k.namespace, "metadata.name", k.name);
    DeploymentState d = deployments.get(k);
    if (d == null) {
      throw notFound("Deployment", k.namespace, k.name);
    }
    return d;
  }

  private PodState requirePod(Key k) {
    PodState p = pods.get(k);
    if (p == null) {
      throw notFound("Pod", k.namespace, k.name);
    }
    return p;
  }

  private static KubernetesNotFoundException notFound(String kind, String namespace, String name) {
    return new KubernetesNotFoundException(
        kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name + " not found",
        kind,
        namespace,
        name,
        404,
        null);
  }

  private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Holds the parser, built on first use: building it scans every model class, which takes a while.
   */
  private static final class Yaml {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  }

  /** Identifies a namespaced object. */
  private record Key(String namespace, String name) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = namespace.compareTo(o.namespace);
      return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /** A deployment and its ReplicaSets (one per distinct pod template, numbered by revision). */
  private static final class DeploymentState {
    DeploymentSpec spec;
    long generation = 1;
    long observedGeneration;
    long maxRevision;
    final Map<TemplateKey, ReplicaSetState> replicaSets = new LinkedHashMap<>();

    DeploymentState(DeploymentSpec spec) {
      this.spec = spec;
      currentReplicaSet();
    }

    void update(DeploymentSpec next) {
      if (!next.equals(spec)) {
        spec = next;
        generation++;
        currentReplicaSet();
      }
    }

    /**
     * The ReplicaSet of the current template; a template seen before gets its old ReplicaSet back.
     */
    ReplicaSetState currentReplicaSet() {
      TemplateKey key = TemplateKey.of(spec);
      ReplicaSetState rs = replicaSets.get(key);
      if (rs == null) {
        String hash = Integer.toHexString(key.hashCode() & 0x7fffffff);
        rs = new ReplicaSetState(spec.name() + "-" + hash, hash, spec, ++maxRevision);
        replicaSets.put(key, rs);
      } else if (rs.revision != maxRevision) {
        rs.revision = ++maxRevision;
      }
      return rs;
    }

    long currentRevision() {
      return maxRevision;
    }
  }

  /** The parts of a spec that make up the pod template: changing any of them starts a rollout. */
  private record TemplateKey(
      String image,
      String container,
      List<String> command,
      List<String> args,
      Object env,
      Object ports,
      Object resources,
      Object liveness,
      Object readiness,
      Map<String, String> labels,
      Map<String, String> annotations) {
    static TemplateKey of(DeploymentSpec s) {
      return new TemplateKey(
          s.image(),
          s.containerName(),
          s.command(),
          s.args(),
          s.env(),
          s.ports(),
          s.resources(),
          s.livenessProbe(),
          s.readinessProbe(),
          s.labels(),
          s.podAnnotations());
    }
  }

  private static final class ReplicaSetState {
    final String name;
    final String hash;
    final DeploymentSpec template;
    long revision;

    ReplicaSetState(String name, String hash, DeploymentSpec template, long revision) {
      this.name = name;
      this.hash = hash;
      this.template = template;
      this.revision = revision;
    }
  }

  private record ServiceState(
      ServiceType type, Map<String, String> selector, List<ServicePort> ports, String clusterIp) {}

  private static final class AutoscalerState {
    final AutoscalerSpec spec;
    int currentReplicas;
    int desiredReplicas;
    int currentCpu = -1;

    AutoscalerState(AutoscalerSpec spec) {
      this.spec = spec;
    }

    AutoscalerInfo info() {
      return new AutoscalerInfo(spec, currentReplicas, desiredReplicas, currentCpu);
    }
  }

  private record LogLine(Instant at, String text) {}

  private static final class PodState {
    static final Comparator<PodState> NEWEST_FIRST =
        Comparator.comparing((PodState p) -> p.created).reversed().thenComparing(p -> p.key);

    final Key key;
    String deployment;
    String ownerName;
    final String replicaSet;
    final Map<String, String> labels;
    final DeploymentSpec template;
    final String image;
    final String containerName;
    final boolean hasReadinessProbe;
    final Instant created;
    PodPhase phase = PodPhase.PENDING;
    boolean ready;
    int restarts;
    String ip = "";
    String node = "";
    String reason = "";
    int age;
    int runningSteps;
    final List<LogLine> log = new ArrayList<>();
    final List<LogFollower> followers = new ArrayList<>();
    // ---- with a runtime
    PodContainer container;
    Map<Integer, Integer> ports = Map.of();
    boolean busy; // a runtime call for this pod is in flight
    Instant startedAt;
    Instant nextStart = Instant.MIN;
    int backOffs;
    Instant lastReadiness = Instant.MIN;
    Instant lastLiveness = Instant.MIN;
    int readinessFailures;
    int livenessFailures;

    PodState(
        Key key,
        String deployment,
        String replicaSet,
        Map<String, String> labels,
        DeploymentSpec template,
        Instant created) {
      this.key = key;
      this.deployment = deployment;
      this.ownerName = replicaSet;
      this.replicaSet = replicaSet;
      this.labels = Map.copyOf(labels);
      this.template = template;
      this.image = template.image();
      this.containerName = template.containerName();
      this.hasReadinessProbe = template.readinessProbe().isPresent();
      this.created = created;
    }

    void log(Instant at, String line, Queue<Runnable> outbox) {
      log.add(new LogLine(at, line));
      for (LogFollower f : followers) {
        outbox.add(() -> f.deliver(line));
      }
    }

    PodInfo info(boolean simulated) {
      return new PodInfo(
          key.namespace,
          key.name,
          phase,
          ready,
          restarts,
          ip,
          node,
          ownerName.isEmpty() ? "" : "ReplicaSet",
          ownerName,
          labels,
          image,
          reason,
          ports,
          simulated && !ip.isEmpty());
    }
  }

  private static final class LogFollower {
    final Consumer<String> consumer;
    final AtomicBoolean closed = new AtomicBoolean();

    LogFollower(Consumer<String> consumer) {
      this.consumer = consumer;
    }

    void deliver(String line) {
      if (!closed.get()) {
        consumer.accept(line);
      }
    }

    void end() {
      closed.set(true);
    }
  }

  private static final class Watcher<T> {
    final String namespace;
    final WatchListener<T> listener;
    final AtomicBoolean closed = new AtomicBoolean();

    Watcher(String namespace, WatchListener<T> listener) {
      this.namespace = namespace;
      this.listener = listener;
    }

    void deliver(WatchEvent<T> event) {
      if (!closed.get()) {
        listener.onEvent(event);
      }
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "InMemoryCluster[now="
          + now
          + ", namespaces="
          + namespaces
          + ", deployments="
          + deployments.size()
          + ", pods="
          + pods.size()
          + "]";
    }
  }
}
