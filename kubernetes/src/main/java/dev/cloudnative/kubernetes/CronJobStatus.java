package dev.cloudnative.kubernetes;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One observation of a CronJob. A CronJob has no readiness to wait for (neither kubectl nor Pulumi
 * waits on one: it is ready once created); wait on the Jobs it starts with {@link
 * Cluster#awaitJob}, named in {@link #active()}.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param active the names of its Jobs still running ({@code status.active})
 * @param lastScheduleTime when a Job was last scheduled
 * @param lastSuccessfulTime when a Job last completed
 */
public record CronJobStatus(
    String namespace,
    String name,
    String schedule,
    boolean suspended,
    List<String> active,
    Optional<Instant> lastScheduleTime,
    Optional<Instant> lastSuccessfulTime) {

  public CronJobStatus {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schedule, "schedule");
    active = List.copyOf(active);
    Objects.requireNonNull(lastScheduleTime, "lastScheduleTime");
    Objects.requireNonNull(lastSuccessfulTime, "lastSuccessfulTime");
  }
}
