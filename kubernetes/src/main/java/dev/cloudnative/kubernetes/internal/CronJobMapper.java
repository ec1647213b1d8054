package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.CronJobStatus;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Translates {@link CronJobSpec} into fabric8's {@code batch/v1} CronJob, whose Job template is the
 * one {@link JobMapper} writes for a Job, and a CronJob back into {@link CronJobStatus}.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class CronJobMapper {

  private CronJobMapper() {}

  public static CronJob toCronJob(CronJobSpec spec, String namespace) {
    Job job =
        JobMapper.toJob(JobSpecs.renamed(spec.jobTemplate(), namespace, spec.name()), namespace);
    return new CronJobBuilder()
        .withNewMetadata()
        .withName(spec.name())
        .withNamespace(namespace)
        .withLabels(job.getMetadata().getLabels())
        .endMetadata()
        .withNewSpec()
        .withSchedule(spec.schedule())
        .withTimeZone(spec.timeZone().orElse(null))
        .withConcurrencyPolicy(spec.concurrencyPolicy().apiName())
        .withSuspend(spec.suspend())
        .withSuccessfulJobsHistoryLimit(spec.successfulJobsHistoryLimit())
        .withFailedJobsHistoryLimit(spec.failedJobsHistoryLimit())
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(job.getMetadata().getLabels())
        .endMetadata()
        .withSpec(job.getSpec())
        .endJobTemplate()
        .endSpec()
        .build();
  }

  public static CronJobStatus status(CronJob c) {
    var spec = c.getSpec();
    var st = c.getStatus();
    List<String> active =
        st == null || st.getActive() == null
            ? List.of()
            : st.getActive().stream().map(ObjectReference::getName).toList();
    return new CronJobStatus(
        c.getMetadata().getNamespace(),
        c.getMetadata().getName(),
        spec == null || spec.getSchedule() == null ? "" : spec.getSchedule(),
        spec != null && Boolean.TRUE.equals(spec.getSuspend()),
        active,
        instant(st == null ? null : st.getLastScheduleTime()),
        instant(st == null ? null : st.getLastSuccessfulTime()));
  }

  private static Optional<Instant> instant(String time) {
    return time == null || time.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(time));
  }
}
