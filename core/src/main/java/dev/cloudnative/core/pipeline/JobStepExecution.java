package dev.cloudnative.core.pipeline;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.JobStatus;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.PodPhase;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.Subscription;
import dev.cloudnative.pipeline.ContainerStepExecution;
import dev.cloudnative.pipeline.PipelineException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Job {@link ClusterJobStepExecutor} created: a thread of its own polls the Job's pod until it
 * ended, takes the exit code from its terminated container, waits for the followed log to end and
 * completes {@link #exit()}; {@link #stop} deletes the Job (with the configured propagation) and
 * its Secret once, and waits until no pod of the Job is listed. Thread-safe: the cluster is, the
 * follow is published through a volatile field, and deletion happens once.
 */
final class JobStepExecution implements ContainerStepExecution {
  private static final Logger LOG = LoggerFactory.getLogger(JobStepExecution.class);

  private final Cluster cluster;
  private final String namespace;
  private final String job;
  private final Optional<String> secret;
  private final String pipeline;
  private final JobStepConfig config;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile String pod;
  private volatile Subscription follow;

  JobStepExecution(
      Cluster cluster,
      String namespace,
      String job,
      Optional<String> secret,
      String pipeline,
      JobStepConfig config) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.job = job;
    this.secret = secret;
    this.pipeline = pipeline;
    this.config = config;
  }

  /** The pods of {@code job} (by the Job controller's {@code job-name} label). */
  static List<PodInfo> pods(Cluster cluster, String namespace, String job) {
    return cluster.pods(namespace, Map.of(JobSpec.LEGACY_JOB_NAME_LABEL, job));
  }

  /** Sleeps between two polls; an interrupt ends the wait with a {@link PipelineException}. */
  static void pause(Duration interval, String pipeline) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException(pipeline, "interrupted while waiting for a job's pod", e);
    }
  }

  void follow(String podName, Subscription logs) {
    this.pod = podName;
    this.follow = logs;
  }

  void awaitExitInBackground(String threadName) {
    Thread t = new Thread(this::awaitExit, threadName);
    t.setDaemon(true);
    t.start();
  }

  private void awaitExit() {
    try {
      while (!stopped.get()) {
        Optional<PodInfo> current =
            pods(cluster, namespace, job).stream().filter(p -> p.name().equals(pod)).findFirst();
        if (current.isEmpty()) {
          String why =
              cluster
                  .job(namespace, job)
                  .map(JobStatus::describe)
                  .orElse("job " + namespace + "/" + job + " is gone");
          throw new PipelineException(
              pipeline, "pod " + namespace + "/" + pod + " disappeared before it ended: " + why);
        }
        PodInfo p = current.get();
        if (p.phase() == PodPhase.SUCCEEDED || p.phase() == PodPhase.FAILED) {
          int code = exitCode(p);
          Subscription logs = follow;
          if (!logs.awaitEnd(config.drainTimeout())) {
            LOG.warn(
                "pod {}/{} ended but its log did not end within {}; the rest is dropped",
                namespace,
                pod,
                config.drainTimeout());
          }
          exit.complete(code);
          return;
        }
        pause(config.pollInterval(), pipeline);
      }
      exit.completeExceptionally(
          new PipelineException(pipeline, "job " + namespace + "/" + job + " was stopped"));
    } catch (RuntimeException e) {
      exit.completeExceptionally(e);
    }
  }

  private int exitCode(PodInfo p) {
    if (p.exitCode().isPresent()) {
      return p.exitCode().getAsInt();
    }
    if (p.phase() == PodPhase.SUCCEEDED) {
      return 0; // every container exited 0, as the phase says, though no state was reported
    }
    throw new PipelineException(
        pipeline,
        "pod "
            + namespace
            + "/"
            + p.name()
            + " failed without a terminated container state"
            + (p.reason().isEmpty() ? "" : " (" + p.reason() + ")"));
  }

  @Override
  public CompletionStage<Integer> exit() {
    return exit;
  }

  /**
   * Deletes the Job and the Secret and waits until the Job's pods are gone. {@code grace} is not
   * used: a pod's termination grace period is the pod's.
   */
  @Override
  public void stop(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    RuntimeException failure = null;
    try {
      cluster.delete(ResourceKind.JOB, namespace, job, config.propagation());
    } catch (KubernetesNotFoundException gone) {
      // never created, or deleted already (its TTL)
    } catch (RuntimeException e) {
      failure = e;
    }
    if (secret.isPresent()) {
      try {
        cluster.delete(ResourceKind.SECRET, namespace, secret.get(), config.propagation());
      } catch (KubernetesNotFoundException gone) {
        // never created
      } catch (RuntimeException e) {
        failure = add(failure, e);
      }
    }
    Subscription logs = follow;
    if (logs != null) {
      logs.close();
    }
    long deadline = System.nanoTime() + config.deleteTimeout().toNanos();
    List<PodInfo> left;
    while (true) {
      try {
        left = pods(cluster, namespace, job);
      } catch (RuntimeException e) {
        failure = add(failure, e);
        break;
      }
      if (left.isEmpty()) {
        break;
      }
      if (System.nanoTime() - deadline >= 0) {
        failure =
            add(
                failure,
                new PipelineException(
                    pipeline,
                    "pods of job "
                        + namespace
                        + "/"
                        + job
                        + " still listed "
                        + config.deleteTimeout()
                        + " after its deletion: "
                        + left.stream().map(PodInfo::name).toList()));
        break;
      }
      pause(config.pollInterval(), pipeline);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException add(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  @Override
  public String toString() {
    return "job " + namespace + "/" + job;
  }
}
