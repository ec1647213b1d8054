package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.JobCondition;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.JobStatus;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.internal.JobMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Job and what its controller recorded: the counters (each pod counted once, when it ends, so a
 * pod deleted later is not forgotten), the start and completion times and the conditions.
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock.
 */
final class JobState {
  JobSpec spec;
  DeploymentSpec template;
  Instant startTime;
  Instant completionTime;

  /** When the Job finished (complete or failed), for the TTL controller. */
  Instant finishedAt;

  int succeeded;
  int failed;
  final List<JobCondition> conditions = new ArrayList<>();
  long podSequence;

  JobState(JobSpec spec) {
    this.spec = spec;
    this.template = JobMapper.podTemplate(spec);
  }

  /**
   * Applies a spec again: the limits may change, the pod template may not (the API server's rule);
   * a changed template is refused before anything changes.
   */
  void update(Key k, JobSpec next) {
    if (!JobMapper.podTemplate(next).equals(template)
        || !next.workingDir().equals(spec.workingDir())
        || !next.hostPathMounts().equals(spec.hostPathMounts())) {
      throw KubernetesInvalidException.rejected(
          "Job",
          k.namespace(),
          k.name(),
          "spec.template",
          "field is immutable; delete the Job and apply it again to change its pods");
    }
    spec = next;
  }

  boolean finished() {
    return finishedAt != null;
  }

  /** The status with the active pods the state holds (under the lock). */
  JobStatus status(Key k, ClusterState state) {
    int active = 0;
    for (PodState p : state.podsOfJob(k)) {
      if (!p.terminated()) {
        active++;
      }
    }
    return new JobStatus(
        k.namespace(),
        k.name(),
        spec.completions(),
        spec.parallelism(),
        spec.backoffLimit(),
        active,
        succeeded,
        failed,
        Optional.ofNullable(startTime),
        Optional.ofNullable(completionTime),
        conditions);
  }
}
