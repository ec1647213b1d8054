package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.JobCondition;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.PodPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Job controller and the TTL-after-finished controller: one pass per step runs each Job's pods
 * to completion, as {@code pkg/controller/job} does for a non-indexed Job. A pass counts every pod
 * that ended (once), then decides in the real controller's order:
 *
 * <ol>
 *   <li>more failures than {@code backoffLimit} (with {@code OnFailure}: container restarts of the
 *       running pods reaching it, or any restart when it is 0): condition {@code Failed}, reason
 *       {@code BackoffLimitExceeded}, active pods removed;
 *   <li>active longer than {@code activeDeadlineSeconds} on the cluster clock: {@code Failed},
 *       reason {@code DeadlineExceeded}, active pods removed and counted as failed;
 *   <li>{@code succeeded >= completions}: condition {@code Complete}, completion time set;
 *   <li>otherwise it creates pods until {@code min(parallelism, completions - succeeded)} are
 *       active.
 * </ol>
 *
 * A finished Job with {@code ttlSecondsAfterFinished} is deleted with its pods once that long
 * passed. Not modelled: the pod-failure back-off delay between retries (a failed pod is replaced on
 * the next pass), indexed completion, pod failure and success policies, suspension.
 *
 * <p>Not thread-safe: every method runs under the {@link ClusterState} lock, inside a step.
 */
final class JobController {

  private final ClusterState state;

  JobController(ClusterState state) {
    this.state = state;
  }

  /** One pass over every Job. */
  void run() {
    List<Key> expired = new ArrayList<>();
    for (Map.Entry<Key, JobState> e : state.jobs.entrySet()) {
      if (reconcile(e.getKey(), e.getValue())) {
        expired.add(e.getKey());
      }
    }
    for (Key k : expired) {
      state.jobs.remove(k);
      state.podsOfJob(k).forEach(p -> state.removePod(p.key));
    }
  }

  /** One Job; returns true when its TTL after finishing has passed. */
  private boolean reconcile(Key k, JobState j) {
    JobSpec spec = j.spec;
    if (j.finished()) {
      return spec.ttlAfterFinished().isPresent()
          && !state.now.isBefore(j.finishedAt.plus(spec.ttlAfterFinished().get()));
    }
    if (j.startTime == null) {
      j.startTime = state.now;
    }
    List<PodState> pods = state.podsOfJob(k);
    List<PodState> active = new ArrayList<>();
    int restarts = 0;
    for (PodState p : pods) {
      if (p.terminated()) {
        if (!p.countedByJob) {
          p.countedByJob = true;
          if (p.phase == PodPhase.SUCCEEDED) {
            j.succeeded++;
          } else {
            j.failed++;
          }
        }
      } else {
        active.add(p);
        restarts += p.restarts;
      }
    }
    boolean onFailure = spec.restartPolicy() == JobSpec.RestartPolicy.ON_FAILURE;
    boolean pastBackoff =
        onFailure
            ? (spec.backoffLimit() == 0 ? restarts > 0 : restarts >= spec.backoffLimit())
            : j.failed > spec.backoffLimit();
    if (pastBackoff) {
      fail(
          j,
          active,
          JobCondition.BACKOFF_LIMIT_EXCEEDED,
          "Job has reached the specified backoff" + " limit");
      return false;
    }
    if (spec.activeDeadline().isPresent()) {
      Duration activeFor = Duration.between(j.startTime, state.now);
      if (activeFor.compareTo(spec.activeDeadline().get()) >= 0) {
        j.failed += active.size();
        fail(
            j,
            active,
            JobCondition.DEADLINE_EXCEEDED,
            "Job was active longer than specified" + " deadline");
        return false;
      }
    }
    if (j.succeeded >= spec.completions()) {
      j.completionTime = state.now;
      j.finishedAt = state.now;
      j.conditions.add(
          new JobCondition(
              JobCondition.COMPLETE,
              "True",
              "CompletionsReached",
              "Reached expected number of succeeded pods"));
      return false;
    }
    int wantActive = Math.min(spec.parallelism(), spec.completions() - j.succeeded);
    for (int i = active.size(); i < wantActive; i++) {
      createPod(k, j);
    }
    return false;
  }

  private void fail(JobState j, List<PodState> active, String reason, String message) {
    for (PodState p : active) {
      p.countedByJob = true;
      state.removePod(p.key);
    }
    j.finishedAt = state.now;
    j.conditions.add(new JobCondition(JobCondition.FAILED, "True", reason, message));
  }

  private void createPod(Key k, JobState j) {
    if (!state.admitsPod(k.namespace(), j.template)) {
      return;
    }
    String suffix = Long.toString(36L * 36 * 36 * 36 + (j.podSequence++), 36);
    String name = k.name() + "-" + suffix.substring(suffix.length() - 5);
    PodState p =
        new PodState(
            new Key(k.namespace(), name), null, "", j.template.labels(), j.template, state.now);
    p.ownerKind = "Job";
    p.ownerName = k.name();
    p.restartPolicy = j.spec.restartPolicy();
    p.workingDir = j.spec.workingDir();
    p.mounts = j.spec.hostPathMounts();
    state.pods.put(p.key, p);
  }
}
