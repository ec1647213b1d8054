package dev.cloudnative.kubernetes;

import dev.cloudnative.kubernetes.internal.CronSchedule;
import dev.cloudnative.kubernetes.internal.Validation;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state of a {@code batch/v1} CronJob: a {@link JobSpec} run on a schedule. Build it as
 * a sentence:
 *
 * <pre>{@code
 * CronJobSpec nightly = CronJobSpec.named("report").inNamespace("shop").onSchedule("0 3 * * *")
 *     .running(JobSpec.named("report").running("report:1.4").withBackoffLimit(1).build())
 *     .withConcurrencyPolicy(CronJobSpec.ConcurrencyPolicy.FORBID).build();
 * }</pre>
 *
 * <p>The Job template is a whole {@link JobSpec} (its image, command, env, resources, restart
 * policy, backoff limit, deadlines, completions): its name and namespace are not used, each Job is
 * named {@code <cronjob>-<scheduled time in minutes since the epoch>} as the CronJob controller
 * names them. Defaults: time zone of the controller (UTC on the in-memory cluster), concurrency
 * {@code Allow}, not suspended, 3 successful and 1 failed Job kept. Every value is validated by
 * {@link Builder#build()} before any API call: the schedule's syntax, and a name of at most 52
 * characters (the API server's limit, leaving room for the Job suffix).
 *
 * <p>Immutable and therefore thread-safe; the builder is not thread-safe.
 *
 * @param namespace the namespace, or {@code null} for the cluster's default namespace
 * @param schedule {@code spec.schedule}, five cron fields or a macro such as {@code @hourly}
 * @param timeZone {@code spec.timeZone}, an IANA zone such as {@code Europe/Paris}
 * @param jobTemplate {@code spec.jobTemplate}
 * @param suspend {@code spec.suspend}: no new Job starts while true
 */
public record CronJobSpec(
    String namespace,
    String name,
    String schedule,
    Optional<String> timeZone,
    JobSpec jobTemplate,
    ConcurrencyPolicy concurrencyPolicy,
    boolean suspend,
    int successfulJobsHistoryLimit,
    int failedJobsHistoryLimit)
    implements ResourceSpec {

  private static final String KIND = "CronJob";

  /** What happens when a run is due while a previous Job is still active. Immutable enum. */
  public enum ConcurrencyPolicy {
    /** Start the new Job alongside. */
    ALLOW("Allow"),
    /** Skip the run until the active Job finished. */
    FORBID("Forbid"),
    /** Delete the active Job and start the new one. */
    REPLACE("Replace");

    private final String apiName;

    ConcurrencyPolicy(String apiName) {
      this.apiName = apiName;
    }

    /** The policy as the API spells it. */
    public String apiName() {
      return apiName;
    }

    /** The policy of the API spelling; {@link #ALLOW} for {@code null}. */
    public static ConcurrencyPolicy fromApiName(String name) {
      for (ConcurrencyPolicy p : values()) {
        if (p.apiName.equals(name)) {
          return p;
        }
      }
      return ALLOW;
    }
  }

  public CronJobSpec {
    Validation.subdomain(KIND, namespace, "metadata.name", name);
    if (name.length() > 52) {
      throw KubernetesInvalidException.rejected(
          KIND, namespace, name, "metadata.name", "must be no more than 52 characters");
    }
    if (namespace != null) {
      Validation.namespace(namespace);
    }
    try {
      CronSchedule.parse(schedule);
    } catch (IllegalArgumentException e) {
      throw KubernetesInvalidException.rejected(
          KIND, namespace, name, "spec.schedule", e.getMessage());
    }
    Objects.requireNonNull(timeZone, "timeZone");
    timeZone.ifPresent(
        z -> {
          try {
            ZoneId.of(z);
          } catch (DateTimeException e) {
            throw KubernetesInvalidException.rejected(
                KIND, namespace, name, "spec.timeZone", "unknown time zone '" + z + "'");
          }
        });
    Objects.requireNonNull(jobTemplate, "jobTemplate");
    Objects.requireNonNull(concurrencyPolicy, "concurrencyPolicy");
    Validation.nonNegative(
        KIND, namespace, name, "spec.successfulJobsHistoryLimit", successfulJobsHistoryLimit);
    Validation.nonNegative(
        KIND, namespace, name, "spec.failedJobsHistoryLimit", failedJobsHistoryLimit);
  }

  /** Starts a spec for the CronJob {@code name}. */
  public static Builder named(String name) {
    return new Builder(name);
  }

  /** The namespace this spec lands in, given the cluster's default. */
  public String namespaceOr(String defaultNamespace) {
    return namespace == null ? defaultNamespace : namespace;
  }

  /** A builder pre-filled with this spec, for small variations. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.namespace = namespace;
    b.schedule = schedule;
    b.timeZone = timeZone.orElse(null);
    b.job = jobTemplate;
    b.concurrency = concurrencyPolicy;
    b.suspend = suspend;
    b.successful = successfulJobsHistoryLimit;
    b.failed = failedJobsHistoryLimit;
    return b;
  }

  /** Fluent builder; not thread-safe. */
  public static final class Builder {
    private final String name;
    private String namespace;
    private String schedule;
    private String timeZone;
    private JobSpec job;
    private ConcurrencyPolicy concurrency = ConcurrencyPolicy.ALLOW;
    private boolean suspend;
    private int successful = 3;
    private int failed = 1;

    private Builder(String name) {
      this.name = name;
    }

    public Builder inNamespace(String ns) {
      this.namespace = ns;
      return this;
    }

    /** Five cron fields ({@code "*}{@code /15 * * * *"}) or a macro such as {@code @daily}. */
    public Builder onSchedule(String cron) {
      this.schedule = cron;
      return this;
    }

    /** The IANA time zone the schedule is read in. */
    public Builder inTimeZone(String zone) {
      this.timeZone = zone;
      return this;
    }

    /** The Job each run creates (its name and namespace are replaced by the run's). */
    public Builder running(JobSpec jobTemplate) {
      this.job = Objects.requireNonNull(jobTemplate, "jobTemplate");
      return this;
    }

    public Builder withConcurrencyPolicy(ConcurrencyPolicy policy) {
      this.concurrency = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** While suspended no new Job starts; running ones go on. */
    public Builder suspended(boolean suspended) {
      this.suspend = suspended;
      return this;
    }

    /** How many finished Jobs to keep: successful ones (default 3) and failed ones (default 1). */
    public Builder keepingHistory(int successfulJobs, int failedJobs) {
      this.successful = successfulJobs;
      this.failed = failedJobs;
      return this;
    }

    /**
     * Validates and freezes the spec; throws {@link KubernetesInvalidException} naming the bad
     * field.
     */
    public CronJobSpec build() {
      if (job == null) {
        throw KubernetesInvalidException.rejected(
            KIND, namespace, name, "spec.jobTemplate", "a CronJob needs running(JobSpec)");
      }
      return new CronJobSpec(
          namespace,
          name,
          schedule,
          Optional.ofNullable(timeZone),
          job,
          concurrency,
          suspend,
          successful,
          failed);
    }
  }
}
