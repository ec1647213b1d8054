package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.CronJobStatus;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatusBuilder;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code apply(CronJobSpec)}, {@code cronJob(...)} and deletes on fabric8's mock API server: the
 * manifest field by field, the status a (test-played) CronJob controller writes read back, suspend
 * by re-applying, and deletes. A CronJob has no await rule (neither kubectl nor Pulumi waits on
 * one).
 */
class KubernetesClusterCronJobMockTest {

  private final MockApiServer api = new MockApiServer();
  private final KubernetesCluster cluster = api.cluster("ns");

  @AfterEach
  void close() {
    cluster.close();
    api.close();
  }

  private static CronJobSpec.Builder report() {
    return CronJobSpec.named("report")
        .onSchedule("*/15 * * * *")
        .running(
            JobSpec.named("ignored")
                .running("registry.local/report:2")
                .withArgs("--since", "15m")
                .withBackoffLimit(1)
                .build());
  }

  private CronJob raw() {
    return api.client().batch().v1().cronjobs().inNamespace("ns").withName("report").get();
  }

  @Test
  void theManifestCarriesTheScheduleThePoliciesAndTheJobTemplate() {
    cluster.ensureNamespace("ns");
    CronJobStatus applied =
        cluster.apply(
            report()
                .inTimeZone("Europe/Paris")
                .withConcurrencyPolicy(CronJobSpec.ConcurrencyPolicy.FORBID)
                .keepingHistory(5, 2)
                .build());
    assertThat(applied.namespace()).isEqualTo("ns");
    assertThat(applied.schedule()).isEqualTo("*/15 * * * *");
    assertThat(applied.suspended()).isFalse();
    assertThat(applied.active()).isEmpty();
    assertThat(applied.lastScheduleTime()).isEmpty();

    CronJob c = raw();
    assertThat(c.getApiVersion()).isEqualTo("batch/v1");
    assertThat(c.getSpec().getSchedule()).isEqualTo("*/15 * * * *");
    assertThat(c.getSpec().getTimeZone()).isEqualTo("Europe/Paris");
    assertThat(c.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
    assertThat(c.getSpec().getSuspend()).isFalse();
    assertThat(c.getSpec().getSuccessfulJobsHistoryLimit()).isEqualTo(5);
    assertThat(c.getSpec().getFailedJobsHistoryLimit()).isEqualTo(2);
    var job = c.getSpec().getJobTemplate().getSpec();
    assertThat(job.getBackoffLimit()).isEqualTo(1);
    Container container = job.getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.local/report:2");
    assertThat(container.getArgs()).containsExactly("--since", "15m");
    // the Jobs' selector and job-name labels are the API server's to generate, per Job
    assertThat(job.getSelector()).isNull();
  }

  @Test
  void theStatusIsReadFromWhatTheControllerWrote() {
    cluster.ensureNamespace("ns");
    cluster.apply(report().build());
    CronJob c = raw();
    c.setStatus(
        new CronJobStatusBuilder()
            .withActive(
                new ObjectReferenceBuilder().withKind("Job").withName("report-29000").build())
            .withLastScheduleTime("2030-01-01T00:15:00Z")
            .withLastSuccessfulTime("2030-01-01T00:00:41Z")
            .build());
    api.client().batch().v1().cronjobs().inNamespace("ns").resource(c).updateStatus();

    CronJobStatus s = cluster.cronJob("ns", "report").orElseThrow();
    assertThat(s.active()).containsExactly("report-29000");
    assertThat(s.lastScheduleTime()).contains(Instant.parse("2030-01-01T00:15:00Z"));
    assertThat(s.lastSuccessfulTime()).contains(Instant.parse("2030-01-01T00:00:41Z"));
    assertThat(cluster.cronJob(null, "report")).contains(s);
  }

  @Test
  void suspendingByReApplyingKeepsTheControllersStatus() {
    cluster.ensureNamespace("ns");
    cluster.apply(report().build());
    CronJob c = raw();
    c.setStatus(new CronJobStatusBuilder().withLastScheduleTime("2030-01-01T00:15:00Z").build());
    api.client().batch().v1().cronjobs().inNamespace("ns").resource(c).updateStatus();

    CronJobStatus suspended = cluster.apply(report().suspended(true).build());
    assertThat(suspended.suspended()).isTrue();
    assertThat(raw().getSpec().getSuspend()).isTrue();
    // the fallback PUT carried the live status: the schedule record survives the update
    assertThat(cluster.cronJob("ns", "report").orElseThrow().lastScheduleTime())
        .contains(Instant.parse("2030-01-01T00:15:00Z"));

    assertThat(cluster.apply(report().build()).suspended()).isFalse();
  }

  @Test
  void deleteRemovesItAndAnAbsentOneIsEmptyOrNotFound() {
    cluster.ensureNamespace("ns");
    assertThat(cluster.cronJob("ns", "report")).isEmpty();
    cluster.apply(report().build());
    cluster.delete(ResourceKind.CRON_JOB, "ns", "report", Propagation.BACKGROUND);
    assertThat(cluster.cronJob("ns", "report")).isEmpty();
    assertThat(raw()).isNull();
    assertThatThrownBy(
            () -> cluster.delete(ResourceKind.CRON_JOB, "ns", "report", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
    assertThatThrownBy(() -> cluster.cronJob("ns", "Report"))
        .isInstanceOf(KubernetesInvalidException.class);
    assertThatThrownBy(() -> cluster.apply((CronJobSpec) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("spec");
  }
}
