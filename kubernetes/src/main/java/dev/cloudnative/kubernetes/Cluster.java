package dev.cloudnative.kubernetes;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Kubernetes cluster seen through the operations an application needs to deploy, scale, roll out
 * and observe its workloads. {@code KubernetesCluster} talks to a real API server through fabric8;
 * {@code InMemoryCluster} simulates the controllers for tests and embedded examples.
 *
 * <p>Every failure is a {@link KubernetesException} subclass carrying the kind, namespace and name
 * concerned; no method returns {@code null} or {@code false} for failure. Specs whose namespace is
 * {@code null} land in {@link #defaultNamespace()}.
 *
 * <p>Implementations are thread-safe.
 */
public interface Cluster extends AutoCloseable {

  /**
   * The namespace used when a spec or call names none (from the kubeconfig context or service
   * account).
   */
  String defaultNamespace();

  // ---- namespaces

  /** Creates the namespace unless it exists; idempotent. */
  void ensureNamespace(String namespace);

  /**
   * Deletes the namespace and everything in it; throws {@link KubernetesNotFoundException} if
   * absent.
   */
  void deleteNamespace(String namespace);

  List<String> namespaces();

  // ---- workloads and configuration (create-or-update)

  /** Creates or updates the deployment (server-side apply, falling back to create/update). */
  DeploymentInfo apply(DeploymentSpec spec);

  ServiceInfo apply(ServiceSpec spec);

  void apply(ConfigMapSpec spec);

  void apply(SecretSpec spec);

  AutoscalerInfo apply(AutoscalerSpec spec);

  /**
   * Applies every document of a multi-document YAML stream into {@code namespace} (documents naming
   * another namespace keep theirs). Returns what was applied, in document order.
   */
  List<ResourceRef> applyYaml(String namespace, String yaml);

  List<ResourceRef> applyYaml(String namespace, Path file);

  List<ResourceRef> applyYaml(String namespace, InputStream yaml);

  // ---- reads

  Optional<DeploymentInfo> deployment(String namespace, String name);

  List<DeploymentInfo> deployments(String namespace);

  Optional<ServiceInfo> service(String namespace, String name);

  Optional<Map<String, String>> configMap(String namespace, String name);

  /** The secret's values decoded as UTF-8. */
  Optional<Map<String, String>> secret(String namespace, String name);

  Optional<AutoscalerInfo> autoscaler(String namespace, String name);

  /** Pods whose labels contain every entry of {@code selector} (all pods for an empty selector). */
  List<PodInfo> pods(String namespace, Map<String, String> selector);

  // ---- rollout operations

  /** Sets {@code spec.replicas}; returns the deployment as written (pods follow asynchronously). */
  DeploymentInfo scale(String namespace, String name, int replicas);

  /** Changes the image of the deployment's first container, which starts a rollout. */
  DeploymentInfo updateImage(String namespace, String name, String image);

  /** Restarts every pod through a rollout, as {@code kubectl rollout restart} does. */
  DeploymentInfo restart(String namespace, String name);

  /**
   * Rolls back to the previous revision's pod template, as {@code kubectl rollout undo} does;
   * throws {@link KubernetesNotFoundException} when there is no previous revision.
   */
  DeploymentInfo rollback(String namespace, String name);

  /** Reads the rollout counters once. */
  RolloutStatus rolloutStatus(String namespace, String name);

  /**
   * Waits until {@code kubectl rollout status} would report the deployment rolled out ({@link
   * RolloutStatus#verdict()} done), reporting each changed status to {@code listener}; throws
   * {@link RolloutTimeoutException} with the last observed status when {@code timeout} passes
   * first, or at once when the verdict is failed (ProgressDeadlineExceeded), and {@link
   * ImagePullException} when a pod of the current image cannot pull it. It waits no longer than
   * kubectl: a scale-down or a scale to 0 is done when kubectl says so, even with pods still
   * counted.
   */
  RolloutStatus awaitRollout(
      String namespace, String name, Duration timeout, RolloutListener listener);

  // ---- jobs

  /**
   * Creates or updates the Job (server-side apply, falling back to create/update) and returns its
   * status as written. A Job's pod template is immutable once created: the API server refuses a
   * changed one ({@link KubernetesInvalidException}); delete the Job and apply it again instead.
   * Its pods carry the labels {@code job-name} and {@code batch.kubernetes.io/job-name}, so {@link
   * #pods} lists them and {@link #logs} reads them.
   */
  JobStatus apply(JobSpec spec);

  /** The Job's counters and conditions, empty when it does not exist. */
  Optional<JobStatus> job(String namespace, String name);

  /**
   * Waits until the Job completes ({@link JobStatus#verdict()} done: condition {@code
   * Complete=True}) and returns its status; throws {@link JobTimeoutException} at once when the Job
   * failed (condition {@code Failed=True}, such as {@code BackoffLimitExceeded} or {@code
   * DeadlineExceeded}) and when {@code timeout} passes first, with the last status and the unmet
   * rule; {@link KubernetesNotFoundException} when the Job does not exist.
   */
  JobStatus awaitJob(String namespace, String name, Duration timeout);

  // ---- statefulsets

  /**
   * Creates or updates the StatefulSet (server-side apply, falling back to create/update) and
   * returns its rollout status as written.
   */
  StatefulSetStatus apply(StatefulSetSpec spec);

  /** The StatefulSet's rollout status, empty when it does not exist. */
  Optional<StatefulSetStatus> statefulSet(String namespace, String name);

  /**
   * Waits until {@code kubectl rollout status} would report the StatefulSet rolled out ({@link
   * StatefulSetStatus#verdict()} done) and returns its status; throws {@link
   * StatefulSetTimeoutException} with the last status and the unmet rule when {@code timeout}
   * passes first (or at once for an {@code OnDelete} set), {@link KubernetesNotFoundException} when
   * it does not exist.
   */
  StatefulSetStatus awaitStatefulSet(String namespace, String name, Duration timeout);

  // ---- daemonsets

  /**
   * Creates or updates the DaemonSet (server-side apply, falling back to create/update) and returns
   * its rollout status as written.
   */
  DaemonSetStatus apply(DaemonSetSpec spec);

  /** The DaemonSet's rollout status, empty when it does not exist. */
  Optional<DaemonSetStatus> daemonSet(String namespace, String name);

  /**
   * Waits until {@code kubectl rollout status} would report the DaemonSet rolled out ({@link
   * DaemonSetStatus#verdict()} done: generation observed, every desired node running an updated
   * pod, each available) and returns its status; throws {@link AwaitTimeoutException} with the last
   * status and the unmet rule when {@code timeout} passes first (or at once for an {@code OnDelete}
   * set), {@link KubernetesNotFoundException} when it does not exist.
   */
  DaemonSetStatus awaitDaemonSet(String namespace, String name, Duration timeout);

  // ---- service readiness

  /** The Service with its Endpoints' counts and load-balancer ingress, empty when absent. */
  Optional<ServiceStatus> serviceStatus(String namespace, String name);

  /**
   * Waits until the Service is ready by Pulumi's rule ({@link ServiceStatus#verdict()}: a Service
   * with a selector has ready endpoints and none not ready; a {@code LoadBalancer} has an ingress
   * IP or hostname; an {@code ExternalName} is ready at once) and returns its status; throws {@link
   * AwaitTimeoutException} with the last status and the unmet rule when {@code timeout} passes
   * first, {@link KubernetesNotFoundException} when the Service does not exist.
   */
  ServiceStatus awaitService(String namespace, String name, Duration timeout);

  // ---- ingresses

  /**
   * Creates or updates the Ingress (server-side apply, falling back to create/update) and returns
   * its status as written.
   */
  IngressStatus apply(IngressSpec spec);

  /** The Ingress with its backends' state and load-balancer address, empty when absent. */
  Optional<IngressStatus> ingress(String namespace, String name);

  /**
   * Waits until the Ingress is ready by Pulumi's rule ({@link IngressStatus#verdict()}: every
   * backend Service has Endpoints, and {@code status.loadBalancer.ingress} has an address) and
   * returns its status; throws {@link AwaitTimeoutException} with the last status and the unmet
   * rule when {@code timeout} passes first, {@link KubernetesNotFoundException} when absent.
   */
  IngressStatus awaitIngress(String namespace, String name, Duration timeout);

  // ---- pod disruption budgets

  /**
   * Creates or updates the PodDisruptionBudget (server-side apply, falling back to create/update)
   * and returns its status as written.
   */
  PodDisruptionBudgetStatus apply(PodDisruptionBudgetSpec spec);

  /** The budget's counters, empty when it does not exist. */
  Optional<PodDisruptionBudgetStatus> podDisruptionBudget(String namespace, String name);

  /**
   * Waits until the budget is met by kstatus's rule ({@link PodDisruptionBudgetStatus#verdict()}:
   * generation observed, {@code currentHealthy >= desiredHealthy}) and returns its status; throws
   * {@link AwaitTimeoutException} with the last status when {@code timeout} passes first, {@link
   * KubernetesNotFoundException} when absent.
   */
  PodDisruptionBudgetStatus awaitPodDisruptionBudget(
      String namespace, String name, Duration timeout);

  // ---- cronjobs

  /**
   * Creates or updates the CronJob (server-side apply, falling back to create/update) and returns
   * its status as written. A CronJob has no readiness to wait for (neither kubectl nor Pulumi waits
   * on one): wait on the Jobs it starts, listed in {@link CronJobStatus#active()}, with {@link
   * #awaitJob}.
   */
  CronJobStatus apply(CronJobSpec spec);

  /** The CronJob's schedule state and active Jobs, empty when it does not exist. */
  Optional<CronJobStatus> cronJob(String namespace, String name);

  // ---- access control: service accounts, roles, role bindings

  /**
   * Creates or updates the ServiceAccount (server-side apply, falling back to create/update) and
   * returns it as stored. A ServiceAccount has no readiness to wait for: it is ready once this
   * returns (neither kubectl nor Pulumi waits on one).
   */
  ServiceAccountSpec apply(ServiceAccountSpec spec);

  /** The ServiceAccount as stored, empty when it does not exist. */
  Optional<ServiceAccountSpec> serviceAccount(String namespace, String name);

  /**
   * Creates or updates the Role (server-side apply, falling back to create/update) and returns it
   * as stored; ready once this returns.
   */
  RoleSpec apply(RoleSpec spec);

  /** The Role as stored, empty when it does not exist. */
  Optional<RoleSpec> role(String namespace, String name);

  /**
   * Creates or updates the RoleBinding (server-side apply, falling back to create/update) and
   * returns it as stored; ready once this returns. A changed {@code roleRef} of an existing binding
   * is refused ({@link KubernetesInvalidException}), as the API server refuses it.
   */
  RoleBindingSpec apply(RoleBindingSpec spec);

  /** The RoleBinding as stored, empty when it does not exist. */
  Optional<RoleBindingSpec> roleBinding(String namespace, String name);

  /**
   * Creates or updates the cluster-wide ClusterRole (server-side apply, falling back to
   * create/update) and returns it as stored; ready once this returns.
   */
  ClusterRoleSpec apply(ClusterRoleSpec spec);

  /** The ClusterRole as stored, empty when it does not exist. */
  Optional<ClusterRoleSpec> clusterRole(String name);

  /**
   * Creates or updates the ClusterRoleBinding (server-side apply, falling back to create/update)
   * and returns it as stored; ready once this returns. A changed role of an existing binding is
   * refused ({@link KubernetesInvalidException}), as the API server refuses it.
   */
  ClusterRoleBindingSpec apply(ClusterRoleBindingSpec spec);

  /** The ClusterRoleBinding as stored, empty when it does not exist. */
  Optional<ClusterRoleBindingSpec> clusterRoleBinding(String name);

  // ---- persistent volume claims

  /**
   * Creates or updates the claim (server-side apply, falling back to create/update) and returns its
   * status as written. Only a larger storage request may change once the claim exists.
   */
  PersistentVolumeClaimStatus apply(PersistentVolumeClaimSpec spec);

  /** The claim's phase and binding, empty when it does not exist. */
  Optional<PersistentVolumeClaimStatus> persistentVolumeClaim(String namespace, String name);

  /**
   * Waits until the claim is ready by Pulumi's rule ({@link PersistentVolumeClaimStatus#verdict()}:
   * {@code Bound}, or {@code Pending} under a {@code WaitForFirstConsumer} storage class) and
   * returns its status; throws {@link AwaitTimeoutException} with the last status when {@code
   * timeout} passes first or at once when the claim is {@code Lost}, {@link
   * KubernetesNotFoundException} when it does not exist.
   */
  PersistentVolumeClaimStatus awaitPersistentVolumeClaim(
      String namespace, String name, Duration timeout);

  // ---- pods and logs

  /** The log of a pod, limited by {@code options}. */
  String logs(String namespace, String pod, LogOptions options);

  /**
   * Runs an argument list in the pod's (first) container, as {@code kubectl exec pod -- ARGS...}
   * does, and returns its exit code and output once it exits. No shell is involved: the first
   * element is the program.
   *
   * @throws KubernetesNotFoundException when the pod does not exist
   * @throws KubernetesException when the pod is not running (phase, or a simulated pod of an
   *     in-memory cluster without a pod runtime, which has no process to run it in)
   * @throws ExecTimeoutException when the command is still running after {@code timeout}
   */
  ExecResult exec(String namespace, String pod, List<String> command, Duration timeout);

  /**
   * Forwards a local loopback port to a port of the pod, as {@code kubectl port-forward pod :PORT}
   * does: every connection accepted on {@link PortForward#localAddress()} (an ephemeral port on
   * 127.0.0.1) is relayed to {@code podPort} of the pod. Close the forward when done.
   *
   * @throws KubernetesNotFoundException when the pod does not exist
   * @throws KubernetesException when the pod is not running, or is simulated (an invented address
   *     is never dialled)
   * @throws IllegalArgumentException when {@code podPort} is not in 1..65535
   */
  PortForward portForward(String namespace, String pod, int podPort);

  /**
   * Streams a pod's log lines (without line terminators) to {@code lines} until the pod's log ends
   * or the returned subscription is closed. {@code lines} is called on a thread owned by the
   * implementation.
   */
  Subscription followLogs(String namespace, String pod, LogOptions options, Consumer<String> lines);

  // ---- watches

  /**
   * Watches the deployments of a namespace; the watch re-lists and re-connects after connection
   * loss.
   */
  Subscription watchDeployments(String namespace, WatchListener<DeploymentInfo> listener);

  /** Watches the pods of a namespace; the watch re-lists and re-connects after connection loss. */
  Subscription watchPods(String namespace, WatchListener<PodInfo> listener);

  // ---- plan and drift

  /**
   * What applying {@code specs} would do, per spec in the order given: {@link PlanAction#CREATE},
   * {@link PlanAction#UPDATE} with the fields that would change (old and new values, a Secret's
   * redacted), or {@link PlanAction#UNCHANGED}. Nothing is changed. On a real API server the answer
   * is the server's own (server-side apply with {@code dryRun=All}, defaulting and admission
   * included); where the server refuses server-side apply, and on the embedded cluster, it is a
   * comparison of the fields the spec sets (and those the SDK applied last time) with the live
   * object, marked {@link PlannedChange#serverDryRun()} false. Fields the API server manages
   * ({@code status}, {@code resourceVersion}, {@code uid}, {@code generation}, {@code
   * managedFields}, {@code creationTimestamp}) are never compared.
   *
   * @throws NullPointerException naming {@code specs[i]} for a null element
   */
  Plan plan(ResourceSpec... specs);

  /**
   * How each live object compares with what the SDK last applied to it: {@link
   * DriftStatus#IN_SYNC}, {@link DriftStatus#DRIFTED} with the fields whose value changed (and the
   * field manager that changed each, where the cluster tracks ownership), {@link
   * DriftStatus#MISSING} or {@link DriftStatus#NOT_APPLIED}. Only the fields the SDK applied are
   * compared: fields other writers added are theirs. A reference with a {@code null} or empty
   * namespace means {@link #defaultNamespace()}.
   *
   * @throws NullPointerException naming {@code resources[i]} for a null element
   * @throws KubernetesInvalidException for a kind no spec exists for, or an invalid name
   */
  List<ResourceDrift> drift(ResourceRef... resources);

  // ---- deletes

  /** Deletes one resource; throws {@link KubernetesNotFoundException} when absent. */
  void delete(ResourceKind kind, String namespace, String name, Propagation propagation);

  /**
   * Deletes every resource of {@code kind} whose labels contain {@code selector}; returns how many.
   */
  int deleteByLabel(
      ResourceKind kind, String namespace, Map<String, String> selector, Propagation propagation);

  // ---- leader election

  /**
   * Starts a leader election on the {@code coordination.k8s.io/v1} Lease {@code config} names (its
   * namespace must exist; the Lease is created by the first candidate), with fabric8's {@code
   * LeaderElector} semantics (see {@link LeaderElector}). The caller closes the elector; closing
   * the cluster first makes its tries fail, so it stops leading after {@code renewDeadline}.
   */
  LeaderElector leaderElector(LeaderElectionConfig config);

  /** The Lease {@code namespace/name} as stored, empty when it does not exist. */
  Optional<LeaseInfo> lease(String namespace, String name);

  /** Releases connections and stops watches; further calls fail. */
  @Override
  void close();
}
