package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.CronJobSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A CronJob, when it last scheduled a run, and the Jobs it created (oldest first).
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock.
 */
final class CronJobState {
  CronJobSpec spec;
  final Instant created;
  Instant lastScheduleTime;
  Instant lastSuccessfulTime;
  final List<String> jobs = new ArrayList<>();

  CronJobState(CronJobSpec spec, Instant created) {
    this.spec = spec;
    this.created = created;
  }
}
