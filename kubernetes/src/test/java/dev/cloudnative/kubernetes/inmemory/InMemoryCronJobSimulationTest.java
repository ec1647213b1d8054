package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.CronJobStatus;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulated CronJob controller on the simulated clock (one-minute steps). */
class InMemoryCronJobSimulationTest {

  private final InMemoryCluster cluster =
      InMemoryCluster.builder()
          .startingAt(Instant.parse("2030-01-01T00:00:30Z"))
          .stepDuration(Duration.ofMinutes(1))
          .build();

  @AfterEach
  void close() {
    cluster.close();
  }

  private static CronJobSpec.Builder report(String schedule) {
    return CronJobSpec.named("report")
        .onSchedule(schedule)
        .running(JobSpec.named("ignored").running("report:1").build());
  }

  @Test
  void eachDueMinuteStartsAJobNamedAfterItsScheduledMinute() {
    cluster.apply(report("*/2 * * * *").build());
    cluster.step(); // 00:01:30: nothing due
    assertThat(cluster.cronJob("default", "report").orElseThrow().active()).isEmpty();
    cluster.step(); // 00:02:30: 00:02 due
    CronJobStatus s = cluster.cronJob("default", "report").orElseThrow();
    String job = "report-" + Instant.parse("2030-01-01T00:02:00Z").getEpochSecond() / 60;
    assertThat(s.active()).containsExactly(job);
    assertThat(s.lastScheduleTime()).contains(Instant.parse("2030-01-01T00:02:00Z"));
    assertThat(cluster.awaitJob("default", job, Duration.ofMinutes(10)).verdict().done()).isTrue();
    cluster.step();
    assertThat(cluster.cronJob("default", "report").orElseThrow().lastSuccessfulTime()).isPresent();
  }

  @Test
  void aSuspendedCronJobStartsNothingAndDeleteTakesItsJobs() {
    cluster.apply(report("* * * * *").suspended(true).build());
    cluster.step(3);
    assertThat(cluster.cronJob("default", "report").orElseThrow().lastScheduleTime()).isEmpty();
    cluster.apply(report("* * * * *").build());
    cluster.step();
    String job = cluster.cronJob("default", "report").orElseThrow().active().get(0);
    cluster.delete(ResourceKind.CRON_JOB, "default", "report", Propagation.BACKGROUND);
    assertThat(cluster.cronJob("default", "report")).isEmpty();
    assertThat(cluster.job("default", job)).isEmpty();
  }

  @Test
  void badSchedulesAreRejected() {
    assertThatThrownBy(() -> report("* * *").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("spec.schedule")
        .hasMessageContaining("expected five");
    assertThatThrownBy(() -> report("61 * * * *").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("outside 0-59");
    assertThatThrownBy(() -> report("@daily").inTimeZone("Mars/Olympus").build())
        .isInstanceOf(KubernetesInvalidException.class)
        .hasMessageContaining("unknown time zone");
  }
}
