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

  // ---- pods and logs

  /** The log of a pod, limited by {@code options}. */
  String logs(String namespace, String pod, LogOptions options);

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

  // ---- deletes

  /** Deletes one resource; throws {@link KubernetesNotFoundException} when absent. */
  void delete(ResourceKind kind, String namespace, String name, Propagation propagation);

  /**
   * Deletes every resource of {@code kind} whose labels contain {@code selector}; returns how many.
   */
  int deleteByLabel(
      ResourceKind kind, String namespace, Map<String, String> selector, Propagation propagation);

  /** Releases connections and stops watches; further calls fail. */
  @Override
  void close();
}
