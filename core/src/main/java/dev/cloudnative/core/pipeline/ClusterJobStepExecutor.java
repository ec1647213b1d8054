package dev.cloudnative.core.pipeline;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.JobStatus;
import dev.cloudnative.kubernetes.LogOptions;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.PodStartException;
import dev.cloudnative.kubernetes.SecretSpec;
import dev.cloudnative.kubernetes.Subscription;
import dev.cloudnative.pipeline.ContainerStepExecution;
import dev.cloudnative.pipeline.ContainerStepExecutor;
import dev.cloudnative.pipeline.ContainerStepRequest;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.OutputLine;
import dev.cloudnative.pipeline.PipelineException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipeline container steps as Kubernetes Jobs on a {@link Cluster}, as Tekton runs a TaskRun's
 * steps as pods: each attempt is one Job ({@code backoffLimit} 0, restart policy {@code Never}: the
 * runner owns retries) whose single container {@value #CONTAINER} runs the step's image with the
 * step's command as its {@code args} (as {@code docker run IMAGE COMMAND...}: the image's
 * entrypoint still applies; an empty command keeps the image's own), the runner's working
 * directory, and the step's environment.
 *
 * <ul>
 *   <li><b>Secrets, not inline values</b>: the environment's values go into a Secret made for the
 *       attempt ({@code <job>-env}) and reach the container through {@code secretKeyRef} entries,
 *       so the Job's manifest (readable by anyone who may list Jobs or pods) holds no value; only
 *       the names {@link JobStepConfig#inlineEnv()} lists (the runner's {@code PIPELINE_*} identity
 *       by default) are literals. The Secret is deleted with the Job.
 *   <li><b>Logs</b>: once the pod runs (or already ended) its log is followed and each line handed
 *       to the step as {@link OutputChannel#STDOUT}: the Kubernetes log API merges stdout and
 *       stderr.
 *   <li><b>Exit status</b>: the pod's terminated container state ({@link PodInfo#exitCode()}). A
 *       pod that cannot start ({@code ErrImagePull}, {@code ImagePullBackOff}, {@code
 *       CreateContainerError}, ...) fails the attempt from {@link #start} with the kubelet's
 *       reason; so does a pod that has not started within {@link JobStepConfig#startTimeout()}.
 *   <li><b>Timeout, cancel and the end of every attempt</b>: the runner calls {@code stop}, which
 *       deletes the Job with {@link JobStepConfig#propagation()} (foreground by default) and the
 *       Secret, and waits until no pod of the Job is listed any more. The pod's own termination
 *       grace period applies (30 s on a real cluster unless the image's process ends sooner; the
 *       embedded cluster's {@code terminationGracePeriod}), not the runner's kill grace period.
 *   <li><b>Workspace</b>: with {@link JobStepConfig#mountWorkspace()} (the default) the runner's
 *       workspace and the run's output directory are {@code hostPath} volumes at {@code /workspace}
 *       and {@code /pipeline/output}, which works where the node is this machine: the embedded
 *       {@code InMemoryCluster} with a local pod runtime ({@code ContainerPodRuntime}), or a
 *       single-node cluster on this machine that mounts the same paths into its node. On a real
 *       multi-node cluster turn it off: the step then sees only its image's files and its {@code
 *       $PIPELINE_OUTPUT} writes do not reach later stages. A workspace on a PersistentVolumeClaim
 *       is not supported.
 * </ul>
 *
 * <p>Every Job and its pods carry the labels of {@link ContainerEngineStepExecutor} ({@link
 * ContainerEngineStepExecutor#RUN_LABEL}, ...; values reduced to the label grammar), and the Job's
 * name starts with {@code cn-<runId>-}, so {@code cluster.deleteByLabel(ResourceKind.JOB, ns,
 * Map.of(RUN_LABEL, runId), FOREGROUND)} removes what a run left should this JVM die. The Job's
 * {@code ttlSecondsAfterFinished} and {@code activeDeadlineSeconds} are backstops for that case; a
 * Secret left then has the Job's name and {@code -env}.
 *
 * <pre>{@code
 * LocalPipelineRunner runner = LocalPipelineRunner.create(LocalRunnerConfig.custom()
 *     .containerExecutor(ClusterJobStepExecutor.on(cluster, "ci"))
 *     .build());
 * }</pre>
 *
 * <p>The executor does not own the cluster. Thread-safe: the cluster is, and each attempt has its
 * own Job, Secret and waiting thread.
 */
public final class ClusterJobStepExecutor implements ContainerStepExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterJobStepExecutor.class);

  /** The name of the Job's container. */
  public static final String CONTAINER = "step";

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Set<String> START_FAILURES =
      Set.of(
          PodStartException.ERR_IMAGE_PULL,
          PodStartException.CREATE_CONTAINER_ERROR,
          "ImagePullBackOff",
          "InvalidImageName",
          "CreateContainerConfigError",
          "RunContainerError",
          "ErrImageNeverPull");

  private final Cluster cluster;
  private final String namespace;
  private final JobStepConfig config;

  private ClusterJobStepExecutor(Cluster cluster, String namespace, JobStepConfig config) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.config = config;
  }

  /** An executor running Jobs in {@code namespace} of {@code cluster}, with the defaults. */
  public static ClusterJobStepExecutor on(Cluster cluster, String namespace) {
    return on(cluster, namespace, JobStepConfig.ofDefaults());
  }

  /**
   * An executor running Jobs in {@code namespace} of {@code cluster} (which must exist; the
   * executor creates no namespace and closes no cluster).
   */
  public static ClusterJobStepExecutor on(Cluster cluster, String namespace, JobStepConfig config) {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(config, "config");
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "namespace '"
              + namespace
              + "' is not a DNS-1123 label; allowed lowercase letters, digits and '-', at most 63");
    }
    return new ClusterJobStepExecutor(cluster, namespace, config);
  }

  /** The cluster Jobs run on. */
  public Cluster cluster() {
    return cluster;
  }

  /** The namespace Jobs run in. */
  public String namespace() {
    return namespace;
  }

  /** The configuration. */
  public JobStepConfig config() {
    return config;
  }

  @Override
  public ContainerStepExecution start(ContainerStepRequest request, Consumer<OutputLine> output) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(output, "output");
    String job = jobName(request);
    String secret = job + "-env";
    Map<String, String> secretData = new LinkedHashMap<>();
    JobSpec spec = spec(request, job, secret, secretData);
    JobStepExecution execution =
        new JobStepExecution(
            cluster,
            namespace,
            job,
            secretData.isEmpty() ? Optional.empty() : Optional.of(secret),
            request.pipeline(),
            config);
    try {
      if (!secretData.isEmpty()) {
        cluster.apply(SecretSpec.of(secret, secretData).inNamespace(namespace));
      }
      cluster.apply(spec);
      PodInfo pod = awaitStart(request, job);
      Subscription follow =
          cluster.followLogs(
              namespace,
              pod.name(),
              LogOptions.all(),
              line -> output.accept(new OutputLine(OutputChannel.STDOUT, line)));
      LOG.debug(
          "step '{}' of stage '{}' (run {}, attempt {}): job {}/{} pod {} {}",
          request.step(),
          request.stage(),
          request.runId(),
          request.attempt(),
          namespace,
          job,
          pod.name(),
          pod.phase());
      execution.follow(pod.name(), follow);
    } catch (RuntimeException e) {
      try {
        execution.stop(Duration.ZERO);
      } catch (RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    execution.awaitExitInBackground("pipeline-" + request.runId() + "-job-" + job);
    return execution;
  }

  private JobSpec spec(
      ContainerStepRequest request, String job, String secret, Map<String, String> secretData) {
    JobSpec.Builder b =
        JobSpec.named(job)
            .inNamespace(namespace)
            .running(request.image())
            .withContainerName(CONTAINER)
            .restartPolicy(JobSpec.RestartPolicy.NEVER)
            .withBackoffLimit(0)
            .withWorkingDir(request.workingDirectory())
            .withTtlAfterFinished(config.ttlAfterFinished())
            .withLabel(ContainerEngineStepExecutor.PIPELINE_LABEL, labelValue(request.pipeline()))
            .withLabel(ContainerEngineStepExecutor.RUN_LABEL, labelValue(request.runId()))
            .withLabel(ContainerEngineStepExecutor.STAGE_LABEL, labelValue(request.stage()))
            .withLabel(ContainerEngineStepExecutor.STEP_LABEL, labelValue(request.step()))
            .withLabel(
                ContainerEngineStepExecutor.ATTEMPT_LABEL, Integer.toString(request.attempt()));
    for (Map.Entry<String, String> e : request.env().entrySet()) {
      if (config.inlineEnv().contains(e.getKey())) {
        b.withEnv(e.getKey(), e.getValue());
      } else {
        // a valid variable name is a valid Secret key (letters, digits, '_', '-', '.')
        secretData.put(e.getKey(), e.getValue());
        b.withEnvFromSecret(e.getKey(), secret, e.getKey());
      }
    }
    if (!request.command().isEmpty()) {
      b.withArgs(request.command().toArray(String[]::new));
    }
    request
        .timeout()
        .ifPresent(t -> b.withActiveDeadline(ceilSeconds(t.plus(config.deadlineMargin()))));
    if (config.mountWorkspace()) {
      for (Map.Entry<Path, String> bind : request.binds().entrySet()) {
        b.withHostPath(bind.getKey().toString(), bind.getValue());
      }
    }
    return b.build();
  }

  /**
   * Waits until the Job's pod runs or ended; throws when the kubelet says it cannot start, the Job
   * failed, or the start limit passed.
   */
  private PodInfo awaitStart(ContainerStepRequest request, String job) {
    Duration limit = config.startTimeout();
    if (request.timeout().isPresent() && request.timeout().get().compareTo(limit) < 0) {
      limit = request.timeout().get();
    }
    long deadline = System.nanoTime() + limit.toNanos();
    String last = "no pod yet";
    while (true) {
      for (PodInfo pod : JobStepExecution.pods(cluster, namespace, job)) {
        if (pod.phase() == PodPhase.RUNNING
            || pod.phase() == PodPhase.SUCCEEDED
            || pod.phase() == PodPhase.FAILED) {
          return pod;
        }
        if (START_FAILURES.contains(pod.reason())) {
          throw new PipelineException(
              request.pipeline(),
              "pod "
                  + namespace
                  + "/"
                  + pod.name()
                  + " of job "
                  + job
                  + " cannot start its container of image "
                  + request.image()
                  + ": "
                  + pod.reason());
        }
        last = "pod " + pod.name() + " " + pod.phase() + reasonOf(pod);
      }
      Optional<JobStatus> status = cluster.job(namespace, job);
      if (status.isPresent() && status.get().verdict().failed()) {
        throw new PipelineException(request.pipeline(), status.get().describe());
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new PipelineException(
            request.pipeline(),
            "the pod of job "
                + namespace
                + "/"
                + job
                + " did not start within "
                + limit
                + " ("
                + last
                + ")");
      }
      JobStepExecution.pause(config.pollInterval(), request.pipeline());
    }
  }

  private static String reasonOf(PodInfo pod) {
    return pod.reason().isEmpty() ? "" : " (" + pod.reason() + ")";
  }

  /**
   * {@code cn-<runId>-<stage-step, reduced>-<hash>-<attempt>}: a DNS-1123 label of at most 52
   * characters (room for the pod name's suffix and the Secret's {@code -env}), unique per attempt
   * of a step of a run through the hash of the full stage and step names.
   */
  static String jobName(ContainerStepRequest request) {
    String hash = sha256(request.stage() + "\u0000" + request.step()).substring(0, 6);
    String run = slug(request.runId(), 8);
    String attempt = Integer.toString(request.attempt());
    int room = 52 - ("cn-" + run + "--" + hash + "-" + attempt).length();
    String slug = slug(request.stage() + "-" + request.step(), Math.max(0, room));
    return "cn-" + run + "-" + (slug.isEmpty() ? "" : slug + "-") + hash + "-" + attempt;
  }

  private static String slug(String s, int max) {
    String lower = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    if (lower.length() > max) {
      lower = lower.substring(0, max);
    }
    return lower.replaceAll("^-+|-+$", "");
  }

  /** A label value: at most 63 of {@code [A-Za-z0-9._-]}, alphanumeric at both ends. */
  static String labelValue(String s) {
    String v = s.replaceAll("[^A-Za-z0-9._-]+", "_");
    if (v.length() > 63) {
      v = v.substring(0, 63);
    }
    return v.replaceAll("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$", "");
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  private static Duration ceilSeconds(Duration d) {
    long s = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Duration.ofSeconds(Math.max(1, s));
  }

  @Override
  public String toString() {
    return "ClusterJobStepExecutor on " + cluster + " in namespace " + namespace;
  }
}
