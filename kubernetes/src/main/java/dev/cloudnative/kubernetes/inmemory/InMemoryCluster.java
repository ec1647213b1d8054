package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.AutoscalerInfo;
import dev.cloudnative.kubernetes.AutoscalerSpec;
import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ConfigMapSpec;
import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.CronJobStatus;
import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.DaemonSetStatus;
import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.ExecResult;
import dev.cloudnative.kubernetes.ImagePullException;
import dev.cloudnative.kubernetes.IngressSpec;
import dev.cloudnative.kubernetes.IngressStatus;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.JobStatus;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.LogOptions;
import dev.cloudnative.kubernetes.PersistentVolumeClaimSpec;
import dev.cloudnative.kubernetes.PersistentVolumeClaimStatus;
import dev.cloudnative.kubernetes.Plan;
import dev.cloudnative.kubernetes.PlannedChange;
import dev.cloudnative.kubernetes.PodDisruptionBudgetSpec;
import dev.cloudnative.kubernetes.PodDisruptionBudgetStatus;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PodRuntime;
import dev.cloudnative.kubernetes.PortForward;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceDrift;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.ResourceRef;
import dev.cloudnative.kubernetes.ResourceSpec;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.SecretSpec;
import dev.cloudnative.kubernetes.ServiceInfo;
import dev.cloudnative.kubernetes.ServiceSpec;
import dev.cloudnative.kubernetes.ServiceStatus;
import dev.cloudnative.kubernetes.StatefulSetSpec;
import dev.cloudnative.kubernetes.StatefulSetStatus;
import dev.cloudnative.kubernetes.Subscription;
import dev.cloudnative.kubernetes.VolumeBindingMode;
import dev.cloudnative.kubernetes.WatchListener;
import dev.cloudnative.kubernetes.internal.KubernetesOperation;
import dev.cloudnative.kubernetes.internal.OperationRecorder;
import dev.cloudnative.kubernetes.internal.SpecModels;
import dev.cloudnative.kubernetes.internal.Validation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

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
 *   <li><b>Job controller</b> ({@link JobController}): creates each Job's pods up to its
 *       parallelism, counts the pods that ended, and sets {@code Complete} or {@code Failed}
 *       ({@code BackoffLimitExceeded}, {@code DeadlineExceeded} on the cluster clock); a finished
 *       Job is deleted after its TTL. A Job pod's container exits 0 after one running step unless
 *       {@link #jobExit} says otherwise.
 *   <li><b>StatefulSet controller</b> ({@link StatefulSetController}): one action per set per step,
 *       {@code OrderedReady}: creates {@code <set>-<ordinal>} once every lower ordinal is ready,
 *       removes surplus ordinals highest first, and rolls an update from the highest ordinal down
 *       to the partition, one pod at a time.
 *   <li><b>DaemonSet controller</b> ({@link DaemonSetController}): one pod per simulated node
 *       ({@link Builder#nodes}), pinned to it; updates within {@code maxUnavailable}. Then the
 *       volume binder ({@link ClaimController}: claims of an {@code Immediate} class are Bound),
 *       the ingress controller ({@link IngressObjects}: an invented address) and the disruption
 *       controller ({@link BudgetObjects}: the observed generation).
 *   <li><b>Kubelet</b>: a Pending pod starts Running after {@link Builder#podStartupSteps}; a
 *       Running pod becomes ready at once without a readiness probe, or after {@link
 *       Builder#readinessSteps} with one. Pods of an image marked with {@link #failImage}
 *       crash-loop: they run, never become ready, and their restart count grows each step.
 * </ol>
 *
 * Controllers create pods through the ServiceAccount admission rule: a pod naming an account
 * missing from its namespace is not created (so the workload stalls until the account exists), and
 * the {@code default} account always exists. Service endpoints are the ready pods matching the
 * selector, computed on read. Rollout counters are computed from the pods on read; availability has
 * no {@code minReadySeconds}. Without a runtime, pod IPs are invented ({@code 10.244.0.x}) and
 * every {@link PodInfo} says {@link PodInfo#simulated()}: nothing listens there.
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
 * apply conflicts (field ownership is tracked, for {@link #drift}: see {@link #actAs}), finalizers,
 * RBAC, delete by label for kinds other than Deployment and Pod, and kinds other than Namespace,
 * Deployment, Service, ConfigMap, Secret, HorizontalPodAutoscaler, Pod, Job and StatefulSet (YAML
 * naming another kind, a Job or a StatefulSet, is rejected before anything is applied). Watches
 * never disconnect, so there is nothing to reconnect.
 *
 * <p>This class is the facade: it implements {@link Cluster} by delegating to the parts, each in
 * its own class of this package: {@link ClusterState} (the objects, the clock and the one lock),
 * {@link ClusterObjects} (the API's reads and writes), {@link YamlApply}, {@link
 * AutoscalerController}, {@link DeploymentController}, the kubelets ({@link SimulatedKubelet},
 * {@link RuntimeKubelet} with {@link PodProbes}), {@link WatchHub}, {@link PodLogs} and {@link
 * RolloutWaiter}. It owns the order of a step and the lifecycle.
 *
 * <p>With registries from the builder every {@link Cluster} call is timed into {@code
 * kubernetes.operation.duration} (tag {@code backend=in_memory}) and traced as {@code
 * kubernetes.<operation>}, as on {@code KubernetesCluster}; {@link #step()} and the other
 * simulation controls are not measured.
 *
 * <p>Thread-safe: all state is guarded by one lock (the {@link ClusterState}'s); listeners and log
 * consumers are called outside it, one at a time and in the order the changes happened, on
 * whichever thread made the change. Steps are serialised by a second lock, held across a step's
 * runtime work; runtime calls (starting, probing and stopping containers) never run under the state
 * lock. {@link #close()} is idempotent; every other call after it throws {@link
 * IllegalStateException}.
 */
public final class InMemoryCluster implements Cluster {

  private final ClusterState state;
  private final ClusterObjects objects;
  private final YamlApply yaml;
  private final AutoscalerController autoscalers;
  private final DeploymentController deployments;
  private final JobController jobController;
  private final JobObjects jobs;
  private final StatefulSetController statefulSetController;
  private final StatefulSetObjects statefulSets;
  private final DaemonSetController daemonSetController;
  private final DaemonSetObjects daemonSets;
  private final ClaimController claimController;
  private final ClaimObjects claims;
  private final ServiceReadiness serviceReadiness;
  private final IngressObjects ingresses;
  private final BudgetObjects budgets;
  private final CronJobController cronJobController;
  private final CronJobObjects cronJobs;
  private final RbacObjects rbac;
  private final Optional<SimulatedKubelet> simulation;
  private final Optional<RuntimeKubelet> runtimeKubelet;
  private final Kubelet kubelet;
  private final PodLogs logs;
  private final LeaseObjects leases;
  private final PodConnections connections;
  private final RolloutWaiter rollouts;
  private final FieldLedger ledger;
  private final Duration stepDuration;
  private final OperationRecorder recorder;

  /** One step at a time, held across the step's runtime work (never taken under the state lock). */
  private final ReentrantLock stepLock = new ReentrantLock();

  private InMemoryCluster(Builder b) {
    boolean withRuntime = b.runtime != null;
    this.stepDuration = b.stepDuration;
    this.recorder =
        OperationRecorder.create(
            Optional.ofNullable(b.meterRegistry), b.observationRegistry, "in_memory");
    this.state =
        new ClusterState(b.defaultNamespace, withRuntime ? Instant.now() : b.start, !withRuntime);
    this.objects = new ClusterObjects(state);
    this.ledger = new FieldLedger(state, b.fieldManager);
    this.yaml = new YamlApply(state, objects, ledger, this::yamlAction);
    this.autoscalers = new AutoscalerController(state);
    this.deployments = new DeploymentController(state);
    this.jobController = new JobController(state);
    this.statefulSetController = new StatefulSetController(state);
    this.daemonSetController = new DaemonSetController(state);
    state.nodes = nodeNames(b.nodes);
    this.claimController = new ClaimController(state);
    state.storageClasses = Map.copyOf(b.storageClasses);
    if (withRuntime) {
      RuntimeKubelet k =
          new RuntimeKubelet(state, b.runtime, b.backOffInitial, b.backOffMax, b.terminationGrace);
      this.simulation = Optional.empty();
      this.runtimeKubelet = Optional.of(k);
      this.kubelet = k;
    } else {
      SimulatedKubelet k = new SimulatedKubelet(state, b.podStartupSteps, b.readinessSteps);
      this.simulation = Optional.of(k);
      this.runtimeKubelet = Optional.empty();
      this.kubelet = k;
    }
    this.logs = new PodLogs(state, runtimeKubelet);
    this.leases = new LeaseObjects(state);
    this.connections = new PodConnections(state, runtimeKubelet.isPresent());
    this.rollouts =
        new RolloutWaiter(state, objects, b.autoAdvance && !withRuntime, stepDuration, this::step);
    this.jobs = new JobObjects(state, b.autoAdvance && !withRuntime, stepDuration, this::step);
    this.statefulSets =
        new StatefulSetObjects(state, b.autoAdvance && !withRuntime, stepDuration, this::step);
    StatusWaiter waiter =
        new StatusWaiter(state, b.autoAdvance && !withRuntime, stepDuration, this::step);
    this.daemonSets = new DaemonSetObjects(state, waiter);
    this.claims = new ClaimObjects(state, waiter);
    this.serviceReadiness = new ServiceReadiness(state, waiter);
    this.ingresses = new IngressObjects(state, waiter);
    this.budgets = new BudgetObjects(state, waiter);
    this.cronJobController = new CronJobController(state);
    this.cronJobs = new CronJobObjects(state);
    this.rbac = new RbacObjects(state);
    runtimeKubelet.ifPresent(k -> k.start(this::step, b.kubeletPeriod));
  }

  /** {@code inmemory-node} alone, or {@code inmemory-node-0} to {@code inmemory-node-<n-1>}. */
  private static List<String> nodeNames(int count) {
    if (count == 1) {
      return List.of(SimulatedKubelet.NODE);
    }
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(i -> SimulatedKubelet.NODE + "-" + i)
        .toList();
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
    private MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private int nodes = 1;
    private String fieldManager = "cloudnative";
    private final Map<String, VolumeBindingMode> storageClasses =
        new java.util.TreeMap<>(ClaimController.defaultClasses());

    private Builder() {}

    /**
     * How many nodes the cluster simulates (default 1): a DaemonSet runs one pod on each, pinned to
     * it. One node is {@code inmemory-node}; several are {@code inmemory-node-0} to {@code
     * inmemory-node-<n-1>}. Pods of other kinds all go to the first node's name (no scheduler).
     */
    /**
     * Adds (or redefines) a storage class whose simulated provisioner binds claims as {@code mode}
     * says. The cluster starts with one, {@code standard} ({@code Immediate}), the default class of
     * claims that name none.
     */
    public Builder storageClass(String name, VolumeBindingMode mode) {
      Validation.subdomain("StorageClass", "", "metadata.name", name);
      storageClasses.put(name, Objects.requireNonNull(mode, "mode"));
      return this;
    }

    public Builder nodes(int count) {
      if (count < 1) {
        throw KubernetesInvalidException.rejected(
            "Config", "", "", "nodes", "must be 1 or more, found " + count);
      }
      this.nodes = count;
      return this;
    }

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

    /**
     * Where the cluster records {@code kubernetes.operation.duration} (tag {@code
     * backend=in_memory}); none by default.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * Where the cluster reports one {@code kubernetes.<operation>} observation per call; {@link
     * ObservationRegistry#NOOP} by default.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * The field manager the cluster's applies own their fields as, which {@link
     * InMemoryCluster#drift} compares against (default {@code cloudnative}, as {@code
     * ClusterConfig}'s).
     */
    public Builder fieldManager(String manager) {
      this.fieldManager = Validation.notBlank("Config", "", "", "fieldManager", manager);
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
      state.locked(
          () -> {
            runStep();
            return null;
          });
      kubelet.runQueuedWork();
    } finally {
      stepLock.unlock();
    }
  }

  /**
   * One controller pass, under the state lock, in the order a real cluster's control loops converge
   * in: autoscalers set replicas, the deployment controller creates and removes pods, the kubelet
   * moves them.
   */
  private void runStep() {
    if (runtimeKubelet.isPresent()) {
      Instant wall = Instant.now();
      state.now = wall.isAfter(state.now) ? wall : state.now.plusNanos(1);
    } else {
      state.now = state.now.plus(stepDuration);
    }
    autoscalers.run();
    deployments.run();
    cronJobController.run(); // before the Job controller, which starts the new Jobs' pods
    jobController.run();
    statefulSetController.run();
    daemonSetController.run();
    claimController.run();
    ingresses.run();
    budgets.run();
    for (PodState p : state.pods.values()) {
      kubelet.advance(p);
    }
    state.lock.notifyAll();
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
      String before = state.locked(state::fingerprint);
      step();
      boolean quiet = state.locked(() -> before.equals(state.fingerprint()));
      if (quiet) {
        return i + 1;
      }
    }
    return maxSteps;
  }

  /** The simulated time (the real time of the last pass when a runtime is set). */
  public Instant now() {
    synchronized (state.lock) {
      state.checkOpen();
      return state.now;
    }
  }

  /**
   * Reports the average CPU utilisation (percent of requests) of a deployment's pods, read by
   * autoscalers.
   */
  public void reportCpu(String namespace, String deployment, int percent) {
    objects.reportCpu(namespace, deployment, percent);
  }

  /**
   * Pods running {@code image} crash-loop from now on: never ready, restart count growing each
   * step. (With a runtime, the containers decide whether they crash.)
   */
  public void failImage(String image) {
    state.locked(
        () -> {
          String i = Validation.notBlank("Pod", "", "", "image", image);
          return simulation.map(s -> s.failImage(i));
        });
  }

  /**
   * Simulates an image no registry has: pods running it stay Pending with {@code ErrImagePull},
   * then {@code ImagePullBackOff}, and a rollout wait fails with {@link ImagePullException}. (With
   * a runtime, the runtime decides which images exist.)
   */
  public void missingImage(String image) {
    state.locked(
        () -> {
          String i = Validation.notBlank("Pod", "", "", "image", image);
          return simulation.map(s -> s.missingImage(i));
        });
  }

  /**
   * Job pods running {@code image} exit with {@code exitCode} once they ran {@code afterSteps}
   * steps, from now on; without this a Job pod exits 0 after one running step. A non-zero exit
   * fails the pod ({@code restartPolicy: Never}) or restarts its container ({@code OnFailure}).
   * (With a runtime, the container's own exit code decides.)
   */
  public void jobExit(String image, int exitCode, int afterSteps) {
    state.locked(
        () -> {
          String i = Validation.notBlank("Pod", "", "", "image", image);
          Validation.nonNegative("Pod", "", "", "exitCode", exitCode);
          Validation.nonNegative("Pod", "", "", "afterSteps", afterSteps);
          simulation.ifPresent(s -> s.jobExit(i, exitCode, afterSteps));
          return null;
        });
  }

  /** Appends a line to a pod's log (as if the container wrote it). */
  public void appendLog(String namespace, String pod, String line) {
    logs.append(namespace, pod, line);
  }

  // ============================================================================================
  // namespaces

  @Override
  public String defaultNamespace() {
    state.checkOpen();
    return state.defaultNamespace;
  }

  @Override
  public void ensureNamespace(String namespace) {
    recorder.run(
        KubernetesOperation.ENSURE, ResourceKind.NAMESPACE, () -> doEnsureNamespace(namespace));
  }

  private void doEnsureNamespace(String namespace) {
    objects.ensureNamespace(namespace);
  }

  @Override
  public void deleteNamespace(String namespace) {
    recorder.run(
        KubernetesOperation.DELETE, ResourceKind.NAMESPACE, () -> doDeleteNamespace(namespace));
  }

  private void doDeleteNamespace(String namespace) {
    objects.deleteNamespace(namespace);
  }

  @Override
  public List<String> namespaces() {
    return recorder.call(KubernetesOperation.LIST, ResourceKind.NAMESPACE, () -> doNamespaces());
  }

  private List<String> doNamespaces() {
    return objects.namespaces();
  }

  // ============================================================================================
  // plan and drift

  /** Records a successful apply of {@code spec} in the field ledger; returns {@code result}. */
  private <T> T recorded(ResourceSpec spec, T result) {
    ledger.applied(spec);
    return result;
  }

  @Override
  public Plan plan(ResourceSpec... specs) {
    return recorder.call(
        KubernetesOperation.PLAN,
        null,
        () -> {
          state.locked(() -> null); // the closed check, before any validation
          List<PlannedChange> out = new java.util.ArrayList<>();
          for (ResourceSpec spec : SpecModels.requireSpecs(specs)) {
            out.add(ledger.plan(spec));
          }
          return new Plan(out);
        });
  }

  @Override
  public List<ResourceDrift> drift(ResourceRef... resources) {
    return recorder.call(
        KubernetesOperation.DRIFT,
        null,
        () -> {
          state.locked(() -> null);
          List<ResourceKind> kinds = SpecModels.requireRefs(resources);
          List<ResourceDrift> out = new java.util.ArrayList<>();
          for (int i = 0; i < resources.length; i++) {
            out.add(ledger.drift(kinds.get(i), resources[i].namespace(), resources[i].name()));
          }
          return out;
        });
  }

  /**
   * Runs {@code changes} against this cluster as field manager {@code fieldManager}, as {@code
   * kubectl edit} (manager {@code kubectl-edit}), {@code kubectl scale} or a controller would
   * change objects: every field of an object the SDK applied that changes while {@code changes}
   * runs is then owned by {@code fieldManager}, and {@link #drift} names it; an {@code apply}
   * inside the block is that manager's, not the SDK's, so it does not move what drift compares
   * with. Changes made outside such a block (by the cluster's own {@code scale}, an autoscaler,
   * ...) show in drift with no manager. Changes other threads make while the block runs are
   * attributed to {@code fieldManager} too.
   *
   * <pre>{@code
   * cluster.actAs("kubectl-edit", c -> c.scale("shop", "web", 5));
   * cluster.drift(new ResourceRef("Deployment", "shop", "web"));
   * // DRIFTED: /spec/replicas: 2 -> 5 (by kubectl-edit)
   * }</pre>
   */
  public void actAs(String fieldManager, Consumer<Cluster> changes) {
    String manager = Validation.notBlank("Config", "", "", "fieldManager", fieldManager);
    Objects.requireNonNull(changes, "changes");
    Map<FieldLedger.ObjectKey, Map<String, Object>> before = state.locked(ledger::snapshot);
    try {
      ledger.actingAs(manager, () -> changes.accept(this));
    } finally {
      state.locked(
          () -> {
            ledger.attribute(manager, before);
            return null;
          });
    }
  }

  // ============================================================================================
  // apply

  @Override
  public DeploymentInfo apply(DeploymentSpec spec) {
    return recorder.call(KubernetesOperation.APPLY, ResourceKind.DEPLOYMENT, () -> doApply(spec));
  }

  private DeploymentInfo doApply(DeploymentSpec spec) {
    return recorded(spec, objects.apply(spec));
  }

  @Override
  public ServiceInfo apply(ServiceSpec spec) {
    return recorder.call(KubernetesOperation.APPLY, ResourceKind.SERVICE, () -> doApply(spec));
  }

  private ServiceInfo doApply(ServiceSpec spec) {
    return recorded(spec, objects.apply(spec));
  }

  @Override
  public void apply(ConfigMapSpec spec) {
    recorder.run(KubernetesOperation.APPLY, ResourceKind.CONFIG_MAP, () -> doApply(spec));
  }

  private void doApply(ConfigMapSpec spec) {
    objects.apply(spec);
    ledger.applied(spec);
  }

  @Override
  public void apply(SecretSpec spec) {
    recorder.run(KubernetesOperation.APPLY, ResourceKind.SECRET, () -> doApply(spec));
  }

  private void doApply(SecretSpec spec) {
    objects.apply(spec);
    ledger.applied(spec);
  }

  @Override
  public AutoscalerInfo apply(AutoscalerSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY, ResourceKind.HORIZONTAL_POD_AUTOSCALER, () -> doApply(spec));
  }

  private AutoscalerInfo doApply(AutoscalerSpec spec) {
    return recorded(spec, objects.apply(spec));
  }

  @Override
  public List<ResourceRef> applyYaml(String namespace, String yaml) {
    return recorder.call(KubernetesOperation.APPLY_YAML, null, () -> doApplyYaml(namespace, yaml));
  }

  private List<ResourceRef> doApplyYaml(String namespace, String yaml) {
    return doApplyYaml(namespace, new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public List<ResourceRef> applyYaml(String namespace, Path file) {
    return recorder.call(KubernetesOperation.APPLY_YAML, null, () -> doApplyYaml(namespace, file));
  }

  private List<ResourceRef> doApplyYaml(String namespace, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return doApplyYaml(namespace, in);
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
    return recorder.call(KubernetesOperation.APPLY_YAML, null, () -> doApplyYaml(namespace, yaml));
  }

  private List<ResourceRef> doApplyYaml(String namespace, InputStream yaml) {
    return this.yaml.apply(namespace, yaml);
  }

  // ============================================================================================
  // reads

  @Override
  public Optional<DeploymentInfo> deployment(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.DEPLOYMENT, () -> doDeployment(namespace, name));
  }

  private Optional<DeploymentInfo> doDeployment(String namespace, String name) {
    return objects.deployment(namespace, name);
  }

  @Override
  public List<DeploymentInfo> deployments(String namespace) {
    return recorder.call(
        KubernetesOperation.LIST, ResourceKind.DEPLOYMENT, () -> doDeployments(namespace));
  }

  private List<DeploymentInfo> doDeployments(String namespace) {
    return objects.deployments(namespace);
  }

  @Override
  public Optional<ServiceInfo> service(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.SERVICE, () -> doService(namespace, name));
  }

  private Optional<ServiceInfo> doService(String namespace, String name) {
    return objects.service(namespace, name);
  }

  @Override
  public Optional<Map<String, String>> configMap(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.CONFIG_MAP, () -> doConfigMap(namespace, name));
  }

  private Optional<Map<String, String>> doConfigMap(String namespace, String name) {
    return objects.configMap(namespace, name);
  }

  @Override
  public Optional<Map<String, String>> secret(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.SECRET, () -> doSecret(namespace, name));
  }

  private Optional<Map<String, String>> doSecret(String namespace, String name) {
    return objects.secret(namespace, name);
  }

  @Override
  public Optional<AutoscalerInfo> autoscaler(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET,
        ResourceKind.HORIZONTAL_POD_AUTOSCALER,
        () -> doAutoscaler(namespace, name));
  }

  private Optional<AutoscalerInfo> doAutoscaler(String namespace, String name) {
    return objects.autoscaler(namespace, name);
  }

  @Override
  public List<PodInfo> pods(String namespace, Map<String, String> selector) {
    return recorder.call(
        KubernetesOperation.LIST, ResourceKind.POD, () -> doPods(namespace, selector));
  }

  private List<PodInfo> doPods(String namespace, Map<String, String> selector) {
    return objects.pods(namespace, selector);
  }

  // ============================================================================================
  // rollout ops

  @Override
  public DeploymentInfo scale(String namespace, String name, int replicas) {
    return recorder.call(
        KubernetesOperation.SCALE,
        ResourceKind.DEPLOYMENT,
        () -> doScale(namespace, name, replicas));
  }

  private DeploymentInfo doScale(String namespace, String name, int replicas) {
    return objects.scale(namespace, name, replicas);
  }

  @Override
  public DeploymentInfo updateImage(String namespace, String name, String image) {
    return recorder.call(
        KubernetesOperation.UPDATE_IMAGE,
        ResourceKind.DEPLOYMENT,
        () -> doUpdateImage(namespace, name, image));
  }

  private DeploymentInfo doUpdateImage(String namespace, String name, String image) {
    return objects.updateImage(namespace, name, image);
  }

  @Override
  public DeploymentInfo restart(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.RESTART, ResourceKind.DEPLOYMENT, () -> doRestart(namespace, name));
  }

  private DeploymentInfo doRestart(String namespace, String name) {
    return objects.restart(namespace, name);
  }

  @Override
  public DeploymentInfo rollback(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.ROLLBACK, ResourceKind.DEPLOYMENT, () -> doRollback(namespace, name));
  }

  private DeploymentInfo doRollback(String namespace, String name) {
    return objects.rollback(namespace, name);
  }

  @Override
  public RolloutStatus rolloutStatus(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.ROLLOUT_STATUS,
        ResourceKind.DEPLOYMENT,
        () -> doRolloutStatus(namespace, name));
  }

  private RolloutStatus doRolloutStatus(String namespace, String name) {
    return objects.rolloutStatus(namespace, name);
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
    return recorder.call(
        KubernetesOperation.ROLLOUT_WAIT,
        ResourceKind.DEPLOYMENT,
        () -> doAwaitRollout(namespace, name, timeout, listener));
  }

  private RolloutStatus doAwaitRollout(
      String namespace, String name, Duration timeout, RolloutListener listener) {
    return rollouts.await(namespace, name, timeout, listener);
  }

  // ============================================================================================
  // jobs

  @Override
  public JobStatus apply(JobSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY, ResourceKind.JOB, () -> recorded(spec, jobs.apply(spec)));
  }

  @Override
  public Optional<JobStatus> job(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.JOB, () -> jobs.job(namespace, name));
  }

  /**
   * With the automatic clock the wait drives the simulation: it steps until the Job finishes or
   * {@code timeout} of simulated time has passed. With {@link Builder#manualClock()} or a runtime
   * it blocks in real time until other steps (the kubelet's, with a runtime) finish the Job.
   */
  @Override
  public JobStatus awaitJob(String namespace, String name, Duration timeout) {
    return recorder.call(
        KubernetesOperation.AWAIT, ResourceKind.JOB, () -> jobs.await(namespace, name, timeout));
  }

  // ============================================================================================
  // statefulsets

  @Override
  public StatefulSetStatus apply(StatefulSetSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY,
        ResourceKind.STATEFUL_SET,
        () -> recorded(spec, statefulSets.apply(spec)));
  }

  @Override
  public Optional<StatefulSetStatus> statefulSet(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET,
        ResourceKind.STATEFUL_SET,
        () -> statefulSets.get(namespace, name));
  }

  /** Waits on the clocks as {@link #awaitJob} does, on kubectl's StatefulSet verdict. */
  @Override
  public StatefulSetStatus awaitStatefulSet(String namespace, String name, Duration timeout) {
    return recorder.call(
        KubernetesOperation.ROLLOUT_WAIT,
        ResourceKind.STATEFUL_SET,
        () -> statefulSets.await(namespace, name, timeout));
  }

  // ============================================================================================
  // daemonsets

  @Override
  public DaemonSetStatus apply(DaemonSetSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY,
        ResourceKind.DAEMON_SET,
        () -> recorded(spec, daemonSets.apply(spec)));
  }

  @Override
  public Optional<DaemonSetStatus> daemonSet(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.DAEMON_SET, () -> daemonSets.get(namespace, name));
  }

  /** Waits on the clocks as {@link #awaitJob} does, on kubectl's DaemonSet verdict. */
  @Override
  public DaemonSetStatus awaitDaemonSet(String namespace, String name, Duration timeout) {
    return recorder.call(
        KubernetesOperation.ROLLOUT_WAIT,
        ResourceKind.DAEMON_SET,
        () -> daemonSets.await(namespace, name, timeout));
  }

  // ============================================================================================
  // service readiness

  @Override
  public Optional<ServiceStatus> serviceStatus(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.SERVICE, () -> serviceReadiness.get(namespace, name));
  }

  /** Waits on the clocks as {@link #awaitJob} does, on Pulumi's Service rule. */
  @Override
  public ServiceStatus awaitService(String namespace, String name, Duration timeout) {
    return recorder.call(
        KubernetesOperation.AWAIT,
        ResourceKind.SERVICE,
        () -> serviceReadiness.await(namespace, name, timeout));
  }

  // ============================================================================================
  // cronjobs

  @Override
  public CronJobStatus apply(CronJobSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY,
        ResourceKind.CRON_JOB,
        () -> recorded(spec, cronJobs.apply(spec)));
  }

  @Override
  public Optional<CronJobStatus> cronJob(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.CRON_JOB, () -> cronJobs.get(namespace, name));
  }

  // ============================================================================================
  // ingresses and pod disruption budgets

  @Override
  public IngressStatus apply(IngressSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY,
        ResourceKind.INGRESS,
        () -> recorded(spec, ingresses.apply(spec)));
  }

  @Override
  public Optional<IngressStatus> ingress(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.INGRESS, () -> ingresses.get(namespace, name));
  }

  /** Waits on the clocks as {@link #awaitJob} does, on Pulumi's Ingress rule. */
  @Override
  public IngressStatus awaitIngress(String namespace, String name, Duration timeout) {
    return recorder.call(
        KubernetesOperation.AWAIT,
        ResourceKind.INGRESS,
        () -> ingresses.await(namespace, name, timeout));
  }

  @Override
  public PodDisruptionBudgetStatus apply(PodDisruptionBudgetSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY,
        ResourceKind.POD_DISRUPTION_BUDGET,
        () -> recorded(spec, budgets.apply(spec)));
  }

  @Override
  public Optional<PodDisruptionBudgetStatus> podDisruptionBudget(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET,
        ResourceKind.POD_DISRUPTION_BUDGET,
        () -> budgets.get(namespace, name));
  }

  /** Waits on the clocks as {@link #awaitJob} does, on kstatus's budget rule. */
  @Override
  public PodDisruptionBudgetStatus awaitPodDisruptionBudget(
      String namespace, String name, Duration timeout) {
    return recorder.call(
        KubernetesOperation.AWAIT,
        ResourceKind.POD_DISRUPTION_BUDGET,
        () -> budgets.await(namespace, name, timeout));
  }

  /**
   * A YAML document of the kinds after HorizontalPodAutoscaler mapped to its typed spec now (so a
   * bad document refuses the whole file before anything is applied), and the spec's apply to run
   * later, unmeasured (the {@code apply_yaml} call is); empty for a kind not simulated.
   */
  private Optional<Runnable> yamlAction(io.fabric8.kubernetes.api.model.HasMetadata h) {
    if (h instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet s) {
      StatefulSetSpec spec = dev.cloudnative.kubernetes.internal.ManifestSpecs.toStatefulSetSpec(s);
      return Optional.of(() -> recorded(spec, statefulSets.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet d) {
      DaemonSetSpec spec = dev.cloudnative.kubernetes.internal.ManifestSpecs.toDaemonSetSpec(d);
      return Optional.of(() -> recorded(spec, daemonSets.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.batch.v1.Job j) {
      JobSpec spec = dev.cloudnative.kubernetes.internal.ManifestSpecs.toJobSpec(j);
      return Optional.of(() -> recorded(spec, jobs.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.batch.v1.CronJob c) {
      CronJobSpec spec = dev.cloudnative.kubernetes.internal.ManifestSpecs.toCronJobSpec(c);
      return Optional.of(() -> recorded(spec, cronJobs.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.networking.v1.Ingress i) {
      IngressSpec spec = dev.cloudnative.kubernetes.internal.ManifestSpecs.toIngressSpec(i);
      return Optional.of(() -> recorded(spec, ingresses.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget b) {
      PodDisruptionBudgetSpec spec =
          dev.cloudnative.kubernetes.internal.ManifestSpecs.toBudgetSpec(b);
      return Optional.of(() -> recorded(spec, budgets.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.PersistentVolumeClaim c) {
      PersistentVolumeClaimSpec spec =
          dev.cloudnative.kubernetes.internal.ManifestSpecs.toClaimSpec(c);
      return Optional.of(() -> recorded(spec, claims.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.ServiceAccount a) {
      var spec = dev.cloudnative.kubernetes.internal.RbacMapper.toServiceAccountSpec(a);
      return Optional.of(() -> recorded(spec, rbac.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.rbac.Role r) {
      var spec = dev.cloudnative.kubernetes.internal.RbacMapper.toRoleSpec(r);
      return Optional.of(() -> recorded(spec, rbac.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.rbac.RoleBinding b) {
      var spec = dev.cloudnative.kubernetes.internal.RbacMapper.toRoleBindingSpec(b);
      return Optional.of(() -> recorded(spec, rbac.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRole r) {
      var spec = dev.cloudnative.kubernetes.internal.RbacMapper.toClusterRoleSpec(r);
      return Optional.of(() -> recorded(spec, rbac.apply(spec)));
    } else if (h instanceof io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding b) {
      var spec = dev.cloudnative.kubernetes.internal.RbacMapper.toClusterRoleBindingSpec(b);
      return Optional.of(() -> recorded(spec, rbac.apply(spec)));
    }
    return Optional.empty();
  }

  // ============================================================================================
  // service accounts, roles, role bindings (stored, not enforced)

  @Override
  public dev.cloudnative.kubernetes.ServiceAccountSpec apply(
      dev.cloudnative.kubernetes.ServiceAccountSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY,
        ResourceKind.SERVICE_ACCOUNT,
        () -> recorded(spec, rbac.apply(spec)));
  }

  @Override
  public Optional<dev.cloudnative.kubernetes.ServiceAccountSpec> serviceAccount(
      String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET,
        ResourceKind.SERVICE_ACCOUNT,
        () -> rbac.serviceAccount(namespace, name));
  }

  @Override
  public dev.cloudnative.kubernetes.RoleSpec apply(dev.cloudnative.kubernetes.RoleSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY, ResourceKind.ROLE, () -> recorded(spec, rbac.apply(spec)));
  }

  @Override
  public Optional<dev.cloudnative.kubernetes.RoleSpec> role(String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.ROLE, () -> rbac.role(namespace, name));
  }

  @Override
  public dev.cloudnative.kubernetes.RoleBindingSpec apply(
      dev.cloudnative.kubernetes.RoleBindingSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY,
        ResourceKind.ROLE_BINDING,
        () -> recorded(spec, rbac.apply(spec)));
  }

  @Override
  public Optional<dev.cloudnative.kubernetes.RoleBindingSpec> roleBinding(
      String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET,
        ResourceKind.ROLE_BINDING,
        () -> rbac.roleBinding(namespace, name));
  }

  @Override
  public dev.cloudnative.kubernetes.ClusterRoleSpec apply(
      dev.cloudnative.kubernetes.ClusterRoleSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY,
        ResourceKind.CLUSTER_ROLE,
        () -> recorded(spec, rbac.apply(spec)));
  }

  @Override
  public Optional<dev.cloudnative.kubernetes.ClusterRoleSpec> clusterRole(String name) {
    return recorder.call(
        KubernetesOperation.GET, ResourceKind.CLUSTER_ROLE, () -> rbac.clusterRole(name));
  }

  @Override
  public dev.cloudnative.kubernetes.ClusterRoleBindingSpec apply(
      dev.cloudnative.kubernetes.ClusterRoleBindingSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY,
        ResourceKind.CLUSTER_ROLE_BINDING,
        () -> recorded(spec, rbac.apply(spec)));
  }

  @Override
  public Optional<dev.cloudnative.kubernetes.ClusterRoleBindingSpec> clusterRoleBinding(
      String name) {
    return recorder.call(
        KubernetesOperation.GET,
        ResourceKind.CLUSTER_ROLE_BINDING,
        () -> rbac.clusterRoleBinding(name));
  }

  // ============================================================================================
  // persistent volume claims

  @Override
  public PersistentVolumeClaimStatus apply(PersistentVolumeClaimSpec spec) {
    return recorder.call(
        KubernetesOperation.APPLY,
        ResourceKind.PERSISTENT_VOLUME_CLAIM,
        () -> recorded(spec, claims.apply(spec)));
  }

  @Override
  public Optional<PersistentVolumeClaimStatus> persistentVolumeClaim(
      String namespace, String name) {
    return recorder.call(
        KubernetesOperation.GET,
        ResourceKind.PERSISTENT_VOLUME_CLAIM,
        () -> claims.get(namespace, name));
  }

  /** Waits on the clocks as {@link #awaitJob} does, on Pulumi's claim rule. */
  @Override
  public PersistentVolumeClaimStatus awaitPersistentVolumeClaim(
      String namespace, String name, Duration timeout) {
    return recorder.call(
        KubernetesOperation.AWAIT,
        ResourceKind.PERSISTENT_VOLUME_CLAIM,
        () -> claims.await(namespace, name, timeout));
  }

  // ============================================================================================
  // logs and watches

  @Override
  public String logs(String namespace, String pod, LogOptions options) {
    return recorder.call(
        KubernetesOperation.LOGS, ResourceKind.POD, () -> doLogs(namespace, pod, options));
  }

  private String doLogs(String namespace, String pod, LogOptions options) {
    return logs.logs(namespace, pod, options);
  }

  @Override
  public ExecResult exec(String namespace, String pod, List<String> command, Duration timeout) {
    return recorder.call(
        KubernetesOperation.EXEC,
        ResourceKind.POD,
        () -> {
          Objects.requireNonNull(pod, "pod");
          List<String> args =
              Validation.execCommand(Objects.requireNonNullElse(namespace, ""), pod, command);
          return connections.exec(namespace, pod, args, Validation.timeout(timeout));
        });
  }

  @Override
  public PortForward portForward(String namespace, String pod, int podPort) {
    return recorder.call(
        KubernetesOperation.PORT_FORWARD,
        ResourceKind.POD,
        () -> {
          Objects.requireNonNull(pod, "pod");
          Validation.port(
              "Pod", Objects.requireNonNullElse(namespace, ""), pod, "podPort", podPort);
          return connections.portForward(namespace, pod, podPort);
        });
  }

  @Override
  public Subscription followLogs(
      String namespace, String pod, LogOptions options, Consumer<String> lines) {
    return recorder.call(
        KubernetesOperation.FOLLOW_LOGS,
        ResourceKind.POD,
        () -> doFollowLogs(namespace, pod, options, lines));
  }

  private Subscription doFollowLogs(
      String namespace, String pod, LogOptions options, Consumer<String> lines) {
    return logs.follow(namespace, pod, options, lines);
  }

  @Override
  public Subscription watchDeployments(String namespace, WatchListener<DeploymentInfo> listener) {
    return recorder.call(
        KubernetesOperation.WATCH,
        ResourceKind.DEPLOYMENT,
        () -> doWatchDeployments(namespace, listener));
  }

  private Subscription doWatchDeployments(
      String namespace, WatchListener<DeploymentInfo> listener) {
    return state.watches.watchDeployments(state.ns(namespace), listener);
  }

  @Override
  public Subscription watchPods(String namespace, WatchListener<PodInfo> listener) {
    return recorder.call(
        KubernetesOperation.WATCH, ResourceKind.POD, () -> doWatchPods(namespace, listener));
  }

  private Subscription doWatchPods(String namespace, WatchListener<PodInfo> listener) {
    return state.watches.watchPods(state.ns(namespace), listener);
  }

  // ============================================================================================
  // deletes

  @Override
  public void delete(ResourceKind kind, String namespace, String name, Propagation propagation) {
    Objects.requireNonNull(kind, "kind");
    recorder.run(
        KubernetesOperation.DELETE, kind, () -> doDelete(kind, namespace, name, propagation));
  }

  private void doDelete(ResourceKind kind, String namespace, String name, Propagation propagation) {
    objects.delete(kind, namespace, name, propagation);
  }

  @Override
  public int deleteByLabel(
      ResourceKind kind, String namespace, Map<String, String> selector, Propagation propagation) {
    Objects.requireNonNull(kind, "kind");
    return recorder.call(
        KubernetesOperation.DELETE_BY_LABEL,
        kind,
        () -> doDeleteByLabel(kind, namespace, selector, propagation));
  }

  private int doDeleteByLabel(
      ResourceKind kind, String namespace, Map<String, String> selector, Propagation propagation) {
    return objects.deleteByLabel(kind, namespace, selector, propagation);
  }

  /**
   * Runs the election over the cluster's own Leases, which a replace with a stale resource version
   * refuses (409 Conflict) as an API server does; elections run in real time, whatever the
   * simulated clock.
   */
  @Override
  public dev.cloudnative.kubernetes.LeaderElector leaderElector(
      dev.cloudnative.kubernetes.LeaderElectionConfig config) {
    return leases.elector(config);
  }

  @Override
  public Optional<dev.cloudnative.kubernetes.LeaseInfo> lease(String namespace, String name) {
    return leases.lease(namespace, name);
  }

  /** The Leases, for tests of this package that write one as another client would. */
  LeaseObjects leases() {
    return leases;
  }

  /**
   * Stops the kubelet, removes every pod's container (waiting up to the termination grace period
   * plus a margin) and ends watches and log follows. Idempotent.
   */
  @Override
  public void close() {
    synchronized (state.lock) {
      if (state.closed) {
        return;
      }
      state.closed = true;
      for (PodState p : state.pods.values()) {
        p.followers.forEach(LogFollower::end);
      }
      state.lock.notifyAll();
    }
    kubelet.close();
    state.watches.closeAll();
  }

  @Override
  public String toString() {
    return state.toString();
  }
}
