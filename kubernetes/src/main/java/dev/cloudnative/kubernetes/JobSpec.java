package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state of a single-container Job: pods run to completion. Build it as a sentence:
 *
 * <pre>{@code
 * JobSpec migrate = JobSpec.named("migrate").running("flyway/flyway:10")
 *     .withArgs("migrate").inNamespace("shop")
 *     .withEnvFromSecret("FLYWAY_PASSWORD", "db", "password")
 *     .withBackoffLimit(2).withActiveDeadline(Duration.ofMinutes(10))
 *     .withTtlAfterFinished(Duration.ofHours(1)).build();
 * }</pre>
 *
 * <p>Defaults: one completion, parallelism 1, {@code backoffLimit} 6 (the API server's default),
 * restart policy {@link RestartPolicy#NEVER}, no deadline, no TTL, container named after the Job,
 * no resources, namespace unset (the cluster's default namespace). The Job controller adds the pod
 * labels {@code job-name} and {@code batch.kubernetes.io/job-name} (the Job's name), so {@code
 * cluster.pods(ns, Map.of("job-name", name))} lists a Job's pods. A Job's pod template is immutable
 * once created: to change it, delete the Job and apply it again. Every value is validated by {@link
 * Builder#build()} before any API call.
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param activeDeadline {@code spec.activeDeadlineSeconds}: how long the Job may be active before
 *     it fails with {@code DeadlineExceeded}
 * @param ttlAfterFinished {@code spec.ttlSecondsAfterFinished}: how long a finished Job (and its
 *     pods) is kept before the TTL controller deletes it
 * @param workingDir the container's {@code workingDir} (absolute), empty for the image's own
 * @param hostPathMounts node directories mounted into the container, in order ({@code hostPath}
 *     volumes named {@code host-0}, {@code host-1}, ...)
 * @param serviceAccount {@code spec.template.spec.serviceAccountName}, the identity the pods run as
 *     (see {@link ServiceAccountSpec}); empty for the namespace's {@code default} account
 */
public record JobSpec(
    String namespace,
    String name,
    String image,
    String containerName,
    List<String> command,
    List<String> args,
    List<EnvVar> env,
    ResourceRequirements resources,
    Map<String, String> labels,
    RestartPolicy restartPolicy,
    int backoffLimit,
    Optional<Duration> activeDeadline,
    Optional<Duration> ttlAfterFinished,
    int completions,
    int parallelism,
    Optional<String> workingDir,
    List<HostPathMount> hostPathMounts,
    Optional<String> serviceAccount)
    implements ResourceSpec {

  /** The label the Job controller puts on its pods (with {@link #JOB_NAME_LABEL}). */
  public static final String LEGACY_JOB_NAME_LABEL = "job-name";

  /** The label the Job controller puts on its pods since Kubernetes 1.27. */
  public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

  private static final String KIND = "Job";

  /**
   * What the kubelet does when a Job's container exits: {@code Always} is not allowed for Jobs.
   * Immutable enum, thread-safe.
   */
  public enum RestartPolicy {
    /** A failed container fails its pod; the Job controller starts a new pod. */
    NEVER("Never"),
    /** A failed container is restarted in the same pod; restarts count toward the backoff limit. */
    ON_FAILURE("OnFailure");

    private final String apiName;

    RestartPolicy(String apiName) {
      this.apiName = apiName;
    }

    /** The {@code restartPolicy} field as the API spells it. */
    public String apiName() {
      return apiName;
    }
  }

  public JobSpec {
    // the name is also the value of the job-name label, so a DNS-1123 label (63 characters)
    Validation.label(KIND, namespace, "metadata.name", name);
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    Validation.imageReference(
        KIND, namespace, name, "spec.template.spec.containers[0].image", image);
    Validation.label(KIND, namespace, "spec.template.spec.containers[0].name", containerName);
    command = List.copyOf(command);
    args = List.copyOf(args);
    env = List.copyOf(env);
    for (EnvVar v : env) {
      Validation.envName(KIND, namespace, name, v.name());
    }
    Objects.requireNonNull(resources, "resources");
    labels = Validation.labels(KIND, namespace, name, "spec.template.metadata.labels", labels);
    Objects.requireNonNull(restartPolicy, "restartPolicy");
    Validation.nonNegative(KIND, namespace, name, "spec.backoffLimit", backoffLimit);
    Objects.requireNonNull(activeDeadline, "activeDeadline");
    activeDeadline.ifPresent(
        d -> wholeSeconds(namespace, name, "spec.activeDeadlineSeconds", d, false));
    Objects.requireNonNull(ttlAfterFinished, "ttlAfterFinished");
    ttlAfterFinished.ifPresent(
        d -> wholeSeconds(namespace, name, "spec.ttlSecondsAfterFinished", d, true));
    if (completions < 1) {
      throw KubernetesInvalidException.rejected(
          KIND, namespace, name, "spec.completions", "must be 1 or more, found " + completions);
    }
    Validation.nonNegative(KIND, namespace, name, "spec.parallelism", parallelism);
    Objects.requireNonNull(workingDir, "workingDir");
    workingDir.ifPresent(
        dir -> {
          if (!dir.startsWith("/")) {
            throw KubernetesInvalidException.rejected(
                KIND,
                namespace,
                name,
                "spec.template.spec.containers[0].workingDir",
                "must be an absolute path, found '" + dir + "'");
          }
        });
    hostPathMounts = List.copyOf(Objects.requireNonNull(hostPathMounts, "hostPathMounts"));
    Validation.serviceAccountName(namespace, serviceAccount);
  }

  private static void wholeSeconds(
      String namespace, String name, String field, Duration d, boolean zeroAllowed) {
    boolean whole = d.getNano() == 0;
    boolean inRange = zeroAllowed ? !d.isNegative() : !d.isNegative() && !d.isZero();
    if (!whole || !inRange) {
      throw KubernetesInvalidException.rejected(
          KIND,
          namespace,
          name,
          field,
          "must be a whole number of seconds, "
              + (zeroAllowed ? "0 or more" : "1 or more")
              + ", found "
              + d);
    }
  }

  /** Starts a spec for the Job {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** A builder pre-filled with this spec, for small variations. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.namespace = namespace;
    b.image = image;
    b.containerName = containerName;
    b.command = new ArrayList<>(command);
    b.args = new ArrayList<>(args);
    b.env.addAll(env);
    b.resources = resources;
    b.labels.putAll(labels);
    b.restartPolicy = restartPolicy;
    b.backoffLimit = backoffLimit;
    b.activeDeadline = activeDeadline.orElse(null);
    b.ttlAfterFinished = ttlAfterFinished.orElse(null);
    b.completions = completions;
    b.parallelism = parallelism;
    b.workingDir = workingDir.orElse(null);
    b.hostPathMounts.addAll(hostPathMounts);
    b.serviceAccount = serviceAccount.orElse(null);
    return b;
  }

  /** The namespace this spec lands in, given the cluster's default. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** The labels of this Job's pods: the spec's labels and the Job controller's two. */
  public Map<String, String> podLabels() {
    Map<String, String> l = new LinkedHashMap<>(labels);
    l.put(LEGACY_JOB_NAME_LABEL, name);
    l.put(JOB_NAME_LABEL, name);
    return Map.copyOf(l);
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace;
    private String image;
    private String containerName;
    private List<String> command = new ArrayList<>();
    private List<String> args = new ArrayList<>();
    private final List<EnvVar> env = new ArrayList<>();
    private ResourceRequirements resources = ResourceRequirements.none();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private RestartPolicy restartPolicy = RestartPolicy.NEVER;
    private int backoffLimit = 6;
    private Duration activeDeadline;
    private Duration ttlAfterFinished;
    private int completions = 1;
    private int parallelism = 1;
    private String workingDir;
    private final List<HostPathMount> hostPathMounts = new ArrayList<>();
    private String serviceAccount;

    private Builder(String name) {
      this.name = name;
    }

    public Builder running(String containerImage) {
      this.image = containerImage;
      return this;
    }

    public Builder inNamespace(String ns) {
      this.namespace = ns;
      return this;
    }

    public Builder withContainerName(String container) {
      this.containerName = container;
      return this;
    }

    /** The container entrypoint as an argument list (never run through a shell). */
    public Builder withCommand(String... cmd) {
      this.command = new ArrayList<>(List.of(cmd));
      return this;
    }

    public Builder withArgs(String... arguments) {
      this.args = new ArrayList<>(List.of(arguments));
      return this;
    }

    public Builder withEnv(String key, String value) {
      env.add(EnvVar.literal(key, value));
      return this;
    }

    public Builder withEnv(EnvVar var) {
      env.add(Objects.requireNonNull(var, "var"));
      return this;
    }

    public Builder withEnvFromConfigMap(String key, String configMap, String configMapKey) {
      env.add(EnvVar.fromConfigMap(key, configMap, configMapKey));
      return this;
    }

    /** A variable resolved from a Secret key when the pod starts ({@code secretKeyRef}). */
    public Builder withEnvFromSecret(String key, String secret, String secretKey) {
      env.add(EnvVar.fromSecret(key, secret, secretKey));
      return this;
    }

    public Builder withResources(ResourceRequirements requirements) {
      this.resources = Objects.requireNonNull(requirements, "requirements");
      return this;
    }

    /** Adds a label to the Job's pods (the Job controller adds {@code job-name} itself). */
    public Builder withLabel(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder restartPolicy(RestartPolicy policy) {
      this.restartPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Failed pods (or, with {@link RestartPolicy#ON_FAILURE}, restarts) tolerated; default 6. */
    public Builder withBackoffLimit(int limit) {
      this.backoffLimit = limit;
      return this;
    }

    /** Fails the Job with {@code DeadlineExceeded} once it was active this long. */
    public Builder withActiveDeadline(Duration deadline) {
      this.activeDeadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /** Deletes the Job and its pods this long after it finished. */
    public Builder withTtlAfterFinished(Duration ttl) {
      this.ttlAfterFinished = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    public Builder withCompletions(int count) {
      this.completions = count;
      return this;
    }

    public Builder withParallelism(int count) {
      this.parallelism = count;
      return this;
    }

    /** The directory (absolute, inside the container) the command starts in. */
    public Builder withWorkingDir(String dir) {
      this.workingDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Mounts a node directory into the container read-write (see {@link HostPathMount}). */
    public Builder withHostPath(String hostPath, String mountPath) {
      hostPathMounts.add(HostPathMount.of(hostPath, mountPath));
      return this;
    }

    /**
     * The ServiceAccount the Job's pods run as ({@code spec.template.spec.serviceAccountName}); by
     * default the namespace's {@code default} account.
     */
    public Builder withServiceAccount(String serviceAccountName) {
      this.serviceAccount = Objects.requireNonNull(serviceAccountName, "serviceAccountName");
      return this;
    }

    /**
     * Validates and freezes the spec; throws {@link KubernetesInvalidException} naming the bad
     * field.
     */
    public JobSpec build() {
      Validation.label(KIND, namespace, "metadata.name", name);
      for (String reserved : List.of(LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL, "controller-uid")) {
        if (labels.containsKey(reserved)) {
          throw KubernetesInvalidException.rejected(
              KIND,
              namespace,
              name,
              "spec.template.metadata.labels",
              "'" + reserved + "' is set by the Job controller; choose another label key");
        }
      }
      return new JobSpec(
          namespace,
          name,
          image,
          containerName != null ? containerName : name,
          command,
          args,
          env,
          resources,
          labels,
          restartPolicy,
          backoffLimit,
          Optional.ofNullable(activeDeadline),
          Optional.ofNullable(ttlAfterFinished),
          completions,
          parallelism,
          Optional.ofNullable(workingDir),
          hostPathMounts,
          Optional.ofNullable(serviceAccount));
    }
  }
}
