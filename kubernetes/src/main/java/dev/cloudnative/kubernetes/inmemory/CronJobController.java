package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.CronJobStatus;
import dev.cloudnative.kubernetes.JobStatus;
import dev.cloudnative.kubernetes.internal.CronSchedule;
import dev.cloudnative.kubernetes.internal.JobSpecs;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CronJob controller on the cluster's clock (simulated time without a runtime, the wall clock
 * with one), once per step and before the Job controller, as {@code pkg/controller/cronjob} acts:
 *
 * <ol>
 *   <li>a suspended CronJob starts nothing;
 *   <li>otherwise the latest scheduled time after the last one (or after its creation) that is not
 *       in the future is due; missed earlier times are skipped, as the controller starts only the
 *       most recent;
 *   <li>with {@code Forbid} a due run waits while a Job of the CronJob is active (it starts late,
 *       once that Job finished); with {@code Replace} the active Jobs are deleted with their pods;
 *   <li>the run is Job {@code <cronjob>-<scheduled minute since the epoch>} from the template;
 *   <li>finished Jobs beyond the history limits are deleted, oldest first.
 * </ol>
 *
 * Not modelled: {@code startingDeadlineSeconds}, the 100-missed-runs error.
 *
 * <p>Not thread-safe: every method runs under the {@link ClusterState} lock, inside a step.
 */
final class CronJobController {

  static final String KIND = "CronJob";

  private final ClusterState state;

  CronJobController(ClusterState state) {
    this.state = state;
  }

  /** One pass over every CronJob. */
  void run() {
    for (Map.Entry<Key, CronJobState> e : state.cronJobs.entrySet()) {
      reconcile(e.getKey(), e.getValue());
    }
  }

  private void reconcile(Key k, CronJobState c) {
    c.jobs.removeIf(j -> !state.jobs.containsKey(new Key(k.namespace(), j)));
    recordSuccesses(k, c);
    pruneHistory(k, c);
    if (c.spec.suspend()) {
      return;
    }
    CronSchedule schedule = CronSchedule.parse(c.spec.schedule());
    ZoneId zone = c.spec.timeZone().map(ZoneId::of).orElse(ZoneOffset.UTC);
    Instant from = c.lastScheduleTime != null ? c.lastScheduleTime : c.created;
    Instant due = null;
    Optional<Instant> next = schedule.next(from, zone);
    while (next.isPresent() && !next.get().isAfter(state.now)) {
      due = next.get();
      next = schedule.next(due, zone);
    }
    if (due == null) {
      return;
    }
    List<String> active = active(k, c);
    if (!active.isEmpty()) {
      if (c.spec.concurrencyPolicy() == CronJobSpec.ConcurrencyPolicy.FORBID) {
        return; // the run stays due until the active Job finished
      }
      if (c.spec.concurrencyPolicy() == CronJobSpec.ConcurrencyPolicy.REPLACE) {
        active.forEach(j -> deleteJob(new Key(k.namespace(), j)));
        c.jobs.removeAll(active);
      }
    }
    String name = k.name() + "-" + due.getEpochSecond() / 60;
    Key jobKey = new Key(k.namespace(), name);
    if (!state.jobs.containsKey(jobKey)) {
      state.jobs.put(
          jobKey, new JobState(JobSpecs.renamed(c.spec.jobTemplate(), k.namespace(), name)));
      c.jobs.add(name);
    }
    c.lastScheduleTime = due;
  }

  /** The names of the CronJob's Jobs that have not finished. */
  private List<String> active(Key k, CronJobState c) {
    List<String> active = new ArrayList<>();
    for (String j : c.jobs) {
      JobState job = state.jobs.get(new Key(k.namespace(), j));
      if (job != null && !job.finished()) {
        active.add(j);
      }
    }
    return active;
  }

  private void recordSuccesses(Key k, CronJobState c) {
    for (String j : c.jobs) {
      Key jk = new Key(k.namespace(), j);
      JobStatus s = state.jobs.get(jk).status(jk, state);
      if (s.verdict().done()
          && s.completionTime().isPresent()
          && (c.lastSuccessfulTime == null
              || s.completionTime().get().isAfter(c.lastSuccessfulTime))) {
        c.lastSuccessfulTime = s.completionTime().get();
      }
    }
  }

  /** Deletes the oldest finished Jobs beyond the history limits. */
  private void pruneHistory(Key k, CronJobState c) {
    List<String> succeeded = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (String j : c.jobs) {
      Key jk = new Key(k.namespace(), j);
      JobState job = state.jobs.get(jk);
      if (job.finished()) {
        (job.status(jk, state).verdict().done() ? succeeded : failed).add(j);
      }
    }
    List<String> doomed = new ArrayList<>();
    doomed.addAll(
        succeeded.subList(0, Math.max(0, succeeded.size() - c.spec.successfulJobsHistoryLimit())));
    doomed.addAll(failed.subList(0, Math.max(0, failed.size() - c.spec.failedJobsHistoryLimit())));
    doomed.forEach(j -> deleteJob(new Key(k.namespace(), j)));
    c.jobs.removeAll(doomed);
  }

  /** Deletes a Job with its pods (background propagation). */
  void deleteJob(Key jobKey) {
    if (state.jobs.remove(jobKey) != null) {
      for (PodState p : state.podsOfJob(jobKey)) {
        state.removePod(p.key);
      }
    }
  }

  /** The CronJob's status (under the lock). */
  static CronJobStatus status(ClusterState state, Key k, CronJobState c) {
    List<String> active = new ArrayList<>();
    for (String j : c.jobs) {
      JobState job = state.jobs.get(new Key(k.namespace(), j));
      if (job != null && !job.finished()) {
        active.add(j);
      }
    }
    return new CronJobStatus(
        k.namespace(),
        k.name(),
        c.spec.schedule(),
        c.spec.suspend(),
        active,
        Optional.ofNullable(c.lastScheduleTime),
        Optional.ofNullable(c.lastSuccessfulTime));
  }
}
