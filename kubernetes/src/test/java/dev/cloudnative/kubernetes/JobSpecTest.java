package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JobSpec}'s defaults and its client-side validation, before any cluster is involved. */
class JobSpecTest {

  @Test
  void defaultsAreTheApiServersAndPodsCarryTheJobNameLabels() {
    JobSpec spec = JobSpec.named("migrate").running("flyway/flyway:10").build();
    assertThat(spec.completions()).isEqualTo(1);
    assertThat(spec.parallelism()).isEqualTo(1);
    assertThat(spec.backoffLimit()).isEqualTo(6);
    assertThat(spec.restartPolicy()).isEqualTo(JobSpec.RestartPolicy.NEVER);
    assertThat(spec.restartPolicy().apiName()).isEqualTo("Never");
    assertThat(spec.activeDeadline()).isEmpty();
    assertThat(spec.ttlAfterFinished()).isEmpty();
    assertThat(spec.containerName()).isEqualTo("migrate");
    assertThat(spec.namespace()).isNull();
    assertThat(spec.namespaceOr("default")).isEqualTo("default");
    assertThat(spec.podLabels())
        .isEqualTo(Map.of("job-name", "migrate", "batch.kubernetes.io/job-name", "migrate"));
  }

  @Test
  void everyFieldRoundTripsThroughToBuilder() {
    JobSpec spec =
        JobSpec.named("report")
            .running("registry.local/report:2")
            .inNamespace("batch")
            .withContainerName("main")
            .withCommand("/bin/report")
            .withArgs("--day", "today")
            .withEnv("MODE", "full")
            .withEnvFromConfigMap("REGION", "settings", "region")
            .withEnvFromSecret("TOKEN", "creds", "token")
            .withResources(ResourceRequirements.requests("250m", "128Mi").limits("1", "256Mi"))
            .withLabel("team", "data")
            .restartPolicy(JobSpec.RestartPolicy.ON_FAILURE)
            .withBackoffLimit(2)
            .withActiveDeadline(Duration.ofMinutes(10))
            .withTtlAfterFinished(Duration.ofHours(1))
            .withCompletions(3)
            .withParallelism(2)
            .build();
    assertThat(spec.toBuilder().build()).isEqualTo(spec);
    assertThat(spec.env())
        .extracting(EnvVar::source)
        .containsExactly(EnvVar.Source.LITERAL, EnvVar.Source.CONFIG_MAP, EnvVar.Source.SECRET);
    assertThat(spec.podLabels()).containsEntry("team", "data").containsEntry("job-name", "report");
  }

  @Test
  void nullsAreRejectedNamingTheParameter() {
    JobSpec.Builder b = JobSpec.named("x").running("busybox:1.36");
    assertThatThrownBy(() -> b.restartPolicy(null)).hasMessageContaining("policy");
    assertThatThrownBy(() -> b.withActiveDeadline(null)).hasMessageContaining("deadline");
    assertThatThrownBy(() -> b.withTtlAfterFinished(null)).hasMessageContaining("ttl");
    assertThatThrownBy(() -> b.withResources(null)).hasMessageContaining("requirements");
    assertThatThrownBy(() -> b.withEnv((EnvVar) null)).hasMessageContaining("var");
  }

  @Test
  void badValuesAreRejectedSayingWhatIsAllowed() {
    assertInvalid(
        JobSpec.named("Bad_Name").running("busybox:1.36"), "metadata.name", "DNS-1123 label");
    assertInvalid(JobSpec.named("a".repeat(64)).running("busybox:1.36"), "metadata.name", "63");
    assertInvalid(JobSpec.named("x").running(""), "image", "");
    assertInvalid(JobSpec.named("x").running("busybox:1.36").inNamespace("NS!"), "Namespace", "");
    assertInvalid(
        JobSpec.named("x").running("busybox:1.36").withBackoffLimit(-1),
        "spec.backoffLimit",
        "must be 0 or more, found -1");
    assertInvalid(
        JobSpec.named("x").running("busybox:1.36").withCompletions(0),
        "spec.completions",
        "must be 1 or more, found 0");
    assertInvalid(
        JobSpec.named("x").running("busybox:1.36").withParallelism(-2),
        "spec.parallelism",
        "must be 0 or more, found -2");
    assertInvalid(
        JobSpec.named("x").running("busybox:1.36").withActiveDeadline(Duration.ZERO),
        "spec.activeDeadlineSeconds",
        "whole number of seconds, 1 or more, found PT0S");
    assertInvalid(
        JobSpec.named("x").running("busybox:1.36").withActiveDeadline(Duration.ofMillis(1500)),
        "spec.activeDeadlineSeconds",
        "found PT1.5S");
    assertInvalid(
        JobSpec.named("x").running("busybox:1.36").withTtlAfterFinished(Duration.ofSeconds(-1)),
        "spec.ttlSecondsAfterFinished",
        "0 or more, found PT-1S");
    assertInvalid(
        JobSpec.named("x").running("busybox:1.36").withLabel("job-name", "other"),
        "spec.template.metadata.labels",
        "set by the Job controller");
    assertInvalid(JobSpec.named("x").running("busybox:1.36").withEnv("1BAD", "v"), "env", "1BAD");
    assertThat(JobSpec.named("x").running("busybox:1.36").withTtlAfterFinished(Duration.ZERO))
        .extracting(b -> b.build().ttlAfterFinished().orElseThrow())
        .isEqualTo(Duration.ZERO);
  }

  private static void assertInvalid(JobSpec.Builder b, String field, String message) {
    assertThatThrownBy(b::build)
        .isInstanceOfSatisfying(
            KubernetesInvalidException.class,
            e -> {
              assertThat(e.kind()).isIn("Job", "Namespace");
              assertThat(e.statusCode()).isZero();
            })
        .hasMessageContaining(field)
        .hasMessageContaining(message);
  }
}
