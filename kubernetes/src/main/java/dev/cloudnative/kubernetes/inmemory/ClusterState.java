package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DeploymentInfo;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.PodContainer;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.ServiceInfo;
import dev.cloudnative.kubernetes.ServicePort;
import dev.cloudnative.kubernetes.StatefulSetStatus;
import dev.cloudnative.kubernetes.internal.Validation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The objects of the in-memory cluster and the one lock that guards them all, with the clock. The
 * controllers, the kubelet, the watch hub and the API all work on this state; one lock (rather than
 * one per object) is what lets a controller pass see and change several objects atomically, so that
 * no read ever observes half a step. Derived figures (rollout counters, service endpoints) are
 * computed from the pods on read, so they can never disagree with them.
 *
 * <p>Effects that must not run under the lock (watch events, log lines, user callbacks) are queued
 * on the outbox while the lock is held and delivered by {@link #locked} after it is released; one
 * queue drained under a second lock ({@code dispatchLock}, never taken while holding the state
 * lock) keeps deliveries in the order the changes happened, whichever thread drains it.
 *
 * <p>Thread-safe: every field but {@link #closed} (volatile, written under the lock) and the outbox
 * (a concurrent queue) is guarded by {@link #lock}. Nothing here calls a {@link
 * dev.cloudnative.kubernetes.PodRuntime}: a removed pod's container is handed to the container
 * stopper, which only queues its stop for outside the lock.
 */
final class ClusterState {

  /** The monitor guarding all state; rollout waits also wait on it for the next change. */
  final Object lock = new Object();

  private final Object dispatchLock = new Object();

  /** Deliveries queued under the lock, run outside it in order. */
  final Queue<Runnable> outbox = new ConcurrentLinkedQueue<>();

  final String defaultNamespace;

  /** Without a runtime, pod addresses are invented and marked simulated. */
  final boolean simulated;

  final WatchHub watches = new WatchHub(this);

  // ---- guarded by lock
  Instant now;
  final Set<String> namespaces = new TreeSet<>();
  final Map<Key, DeploymentState> deployments = new TreeMap<>();
  final Map<Key, ServiceState> services = new TreeMap<>();
  final Map<Key, Map<String, String>> configMaps = new TreeMap<>();
  final Map<Key, Map<String, String>> secrets = new TreeMap<>();
  final Map<Key, AutoscalerState> autoscalers = new TreeMap<>();
  final Map<Key, PodState> pods = new TreeMap<>();
  final Map<Key, JobState> jobs = new TreeMap<>();
  final Map<Key, StatefulSetState> statefulSets = new TreeMap<>();
  final Map<Key, DaemonSetState> daemonSets = new TreeMap<>();
  final Map<Key, ClaimState> claims = new TreeMap<>();
  final Map<Key, IngressState> ingresses = new TreeMap<>();
  final Map<Key, BudgetState> budgets = new TreeMap<>();
  final Map<Key, CronJobState> cronJobs = new TreeMap<>();
  final Map<Key, dev.cloudnative.kubernetes.ServiceAccountSpec> serviceAccounts = new TreeMap<>();
  final Map<Key, dev.cloudnative.kubernetes.RoleSpec> roles = new TreeMap<>();
  final Map<Key, dev.cloudnative.kubernetes.RoleBindingSpec> roleBindings = new TreeMap<>();
  // cluster-scoped, by name
  final Map<String, dev.cloudnative.kubernetes.ClusterRoleSpec> clusterRoles = new TreeMap<>();
  final Map<String, dev.cloudnative.kubernetes.ClusterRoleBindingSpec> clusterRoleBindings =
      new TreeMap<>();

  /** Storage class to its binding mode; set once by the builder. */
  Map<String, dev.cloudnative.kubernetes.VolumeBindingMode> storageClasses =
      ClaimController.defaultClasses();

  /** The class a claim naming none gets (the DefaultStorageClass admission); set by the builder. */
  String defaultStorageClass = "standard";

  /** The simulated nodes, one daemon pod each; set once by the builder. */
  List<String> nodes = List.of(SimulatedKubelet.NODE);

  final Map<Key, Integer> reportedCpu = new TreeMap<>();
  private BiConsumer<PodState, PodContainer> containerStopper = (p, c) -> {};
  volatile boolean closed;

  ClusterState(String defaultNamespace, Instant start, boolean simulated) {
    this.defaultNamespace = defaultNamespace;
    this.now = start;
    this.simulated = simulated;
    namespaces.add(defaultNamespace);
  }

  /** Who stops the container of a removed pod (the runtime kubelet); called under the lock. */
  void containerStopper(BiConsumer<PodState, PodContainer> stopper) {
    synchronized (lock) {
      this.containerStopper = stopper;
    }
  }

  // ------------------------------------------------------------------------------------------
  // locking

  /**
   * Runs a state change under the lock, publishes the watch events it caused, then delivers the
   * watch events and log lines it produced outside the lock.
   */
  <T> T locked(Supplier<T> op) {
    T result;
    synchronized (lock) {
      checkOpen();
      result = op.get();
      watches.publish();
    }
    drain();
    return result;
  }

  /** Delivers what the outbox holds, outside the state lock, one delivery at a time. */
  void drain() {
    synchronized (dispatchLock) {
      Runnable r;
      while ((r = outbox.poll()) != null) {
        r.run();
      }
    }
  }

  /**
   * Runs a state change under the lock unless the cluster closed meanwhile (then returns null), and
   * wakes rollout waits: the kubelet's way back in after a runtime call.
   */
  <T> T whileOpen(Supplier<T> op) {
    if (closed) {
      return null;
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

  /** Every call but close fails once the cluster is closed: a volatile read, no lock. */
  void checkOpen() {
    if (closed) {
      throw new IllegalStateException("in-memory cluster is closed");
    }
  }

  // ------------------------------------------------------------------------------------------
  // lookups (under the lock)

  String ns(String namespace) {
    return namespace == null ? defaultNamespace : Validation.namespace(namespace);
  }

  String requireNamespace(String namespace) {
    String n = ns(namespace);
    if (!namespaces.contains(n)) {
      throw new KubernetesNotFoundException(
          "namespace \"" + n + "\" not found", "Namespace", "", n, 404, null);
    }
    return n;
  }

  DeploymentState requireDeployment(Key k) {
    Validation.subdomain("Deployment", k.namespace(), "metadata.name", k.name());
    DeploymentState d = deployments.get(k);
    if (d == null) {
      throw notFound("Deployment", k.namespace(), k.name());
    }
    return d;
  }

  PodState requirePod(Key k) {
    PodState p = pods.get(k);
    if (p == null) {
      throw notFound("Pod", k.namespace(), k.name());
    }
    return p;
  }

  static KubernetesNotFoundException notFound(String kind, String namespace, String name) {
    return new KubernetesNotFoundException(
        kind + " " + (namespace.isEmpty() ? "" : namespace + "/") + name + " not found",
        kind,
        namespace,
        name,
        404,
        null);
  }

  static boolean matches(Map<String, String> labels, Map<String, String> selector) {
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The pods of deployment {@code k}, whatever their ReplicaSet. */
  List<PodState> podsOf(Key k) {
    List<PodState> owned = new ArrayList<>();
    for (PodState p : pods.values()) {
      if (k.name().equals(p.deployment) && p.key.namespace().equals(k.namespace())) {
        owned.add(p);
      }
    }
    return owned;
  }

  /** The pods of Job {@code k}. */
  List<PodState> podsOfJob(Key k) {
    return podsOwnedBy("Job", k);
  }

  /** The pods whose owner is the {@code kind} object {@code k} (a Job, a StatefulSet). */
  List<PodState> podsOwnedBy(String kind, Key k) {
    List<PodState> owned = new ArrayList<>();
    for (PodState p : pods.values()) {
      if (p.ownerKind.equals(kind)
          && p.ownerName.equals(k.name())
          && p.key.namespace().equals(k.namespace())) {
        owned.add(p);
      }
    }
    return owned;
  }

  /**
   * The ServiceAccount admission plugin's rule for a pod stamped from {@code template}: a pod that
   * names an account missing from its namespace is refused, so its controller creates nothing and
   * the workload stalls, as it does on an API server (where the controller reports {@code
   * FailedCreate}). The {@code default} account always exists: the API server's ServiceAccount
   * controller creates it in every namespace.
   */
  boolean admitsPod(String namespace, dev.cloudnative.kubernetes.DeploymentSpec template) {
    return template
        .serviceAccount()
        .map(sa -> sa.equals("default") || serviceAccounts.containsKey(new Key(namespace, sa)))
        .orElse(true);
  }

  /**
   * Removes a pod at once (no grace period in the simulation): its container is handed to the
   * stopper and its log follows end after the lines already queued for them.
   */
  void removePod(Key k) {
    PodState p = pods.remove(k);
    if (p == null) {
      return;
    }
    if (p.container != null) {
      PodContainer c = p.container;
      p.container = null;
      containerStopper.accept(p, c);
    }
    for (LogFollower f : p.followers) {
      outbox.add(f::end);
    }
    p.followers.clear();
  }

  // ------------------------------------------------------------------------------------------
  // snapshots (under the lock)

  RolloutStatus status(Key k, DeploymentState d) {
    ReplicaSetState current = d.currentReplicaSet();
    int total = 0;
    int updated = 0;
    int ready = 0;
    for (PodState p : podsOf(k)) {
      total++;
      if (current != null && p.replicaSet.equals(current.name)) {
        updated++;
      }
      if (p.ready) {
        ready++;
      }
    }
    int desired = d.spec.replicas();
    return new RolloutStatus(
        k.namespace(),
        k.name(),
        d.generation,
        d.observedGeneration,
        desired,
        total,
        updated,
        ready,
        ready,
        Math.max(0, desired - ready));
  }

  StatefulSetStatus statefulSetStatus(Key k, StatefulSetState s) {
    String update = s.updateRevision();
    int total = 0;
    int ready = 0;
    int current = 0;
    int updated = 0;
    for (PodState p : podsOwnedBy(StatefulSetController.KIND, k)) {
      total++;
      if (p.ready) {
        ready++;
      }
      if (p.replicaSet.equals(s.currentRevision)) {
        current++;
      }
      if (p.replicaSet.equals(update)) {
        updated++;
      }
    }
    return new StatefulSetStatus(
        k.namespace(),
        k.name(),
        s.generation,
        s.observedGeneration,
        s.spec.replicas(),
        true,
        s.spec.partition(),
        total,
        ready,
        current,
        updated,
        s.currentRevision,
        update);
  }

  DeploymentInfo deploymentInfo(Key k, DeploymentState d) {
    return new DeploymentInfo(
        k.namespace(),
        k.name(),
        d.spec.image(),
        d.spec.replicas(),
        d.spec.selector(),
        d.currentRevision(),
        status(k, d));
  }

  ServiceInfo serviceInfo(Key k, ServiceState s) {
    List<String> endpoints = new ArrayList<>();
    if (!s.selector().isEmpty()) {
      for (PodState p : pods.values()) {
        if (p.key.namespace().equals(k.namespace()) && p.ready && matches(p.labels, s.selector())) {
          for (ServicePort port : s.ports()) {
            endpoints.add(p.ip + ":" + p.ports.getOrDefault(port.targetPort(), port.targetPort()));
          }
        }
      }
    }
    return new ServiceInfo(
        k.namespace(), k.name(), s.type(), s.clusterIp(), s.selector(), s.ports(), endpoints);
  }

  /** Everything a controller pass can change, to tell a quiet pass from a busy one. */
  String fingerprint() {
    StringBuilder sb = new StringBuilder();
    deployments.forEach((k, d) -> sb.append(deploymentInfo(k, d)));
    pods.values().forEach(p -> sb.append(p.info(simulated)));
    autoscalers.values().forEach(a -> sb.append(a.info()));
    jobs.forEach((k, j) -> sb.append(j.status(k, this)));
    statefulSets.forEach((k, s) -> sb.append(statefulSetStatus(k, s)));
    daemonSets.forEach((k, d) -> sb.append(DaemonSetController.status(this, k, d)));
    claims.forEach((k, c) -> sb.append(ClaimController.status(this, k, c)));
    ingresses.values().forEach(i -> sb.append(i.address));
    budgets.forEach((k, b) -> sb.append(BudgetObjects.status(this, k, b)));
    cronJobs.forEach((k, c) -> sb.append(CronJobController.status(this, k, c)));
    return sb.toString();
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
