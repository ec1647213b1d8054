package dev.cloudnative.kubernetes.fabric8;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@code apply(JobSpec)} writes to the API server, field by field, read back raw. */
class KubernetesClusterJobMockTest {

  private final MockApiServer api = new MockApiServer();
  private final KubernetesCluster cluster = api.cluster("ns");

  @AfterEach
  void close() {
    cluster.close();
    api.close();
  }

  @Test
  void theManifestCarriesEveryFieldOfTheSpec() {
    cluster.ensureNamespace("ns");
    cluster.apply(
        JobSpec.named("report")
            .running("registry.local/report:2")
            .withCommand("/bin/report")
            .withArgs("--day", "today")
            .withEnv("MODE", "full")
            .withEnvFromSecret("TOKEN", "creds", "token")
            .withResources(ResourceRequirements.requests("250m", "128Mi").limits("1", "256Mi"))
            .withLabel("team", "data")
            .restartPolicy(JobSpec.RestartPolicy.ON_FAILURE)
            .withBackoffLimit(2)
            .withActiveDeadline(Duration.ofMinutes(10))
            .withTtlAfterFinished(Duration.ofHours(1))
            .withCompletions(3)
            .withParallelism(2)
            .build());
    Job j = api.client().batch().v1().jobs().inNamespace("ns").withName("report").get();
    assertThat(j.getMetadata().getLabels()).containsEntry("team", "data");
    assertThat(j.getSpec().getCompletions()).isEqualTo(3);
    assertThat(j.getSpec().getParallelism()).isEqualTo(2);
    assertThat(j.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(j.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(j.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
    assertThat(j.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("OnFailure");
    assertThat(j.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "data");
    // the API server generates the selector and the job-name labels: the manifest leaves them out
    assertThat(j.getSpec().getSelector()).isNull();
    Container c = j.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getName()).isEqualTo("report");
    assertThat(c.getImage()).isEqualTo("registry.local/report:2");
    assertThat(c.getCommand()).containsExactly("/bin/report");
    assertThat(c.getArgs()).containsExactly("--day", "today");
    assertThat(c.getEnv().get(0).getValue()).isEqualTo("full");
    assertThat(c.getEnv().get(1).getValueFrom().getSecretKeyRef().getName()).isEqualTo("creds");
    assertThat(c.getEnv().get(1).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
    assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
  }

  @Test
  void reapplyingKeepsTheStatusTheControllerWrote() {
    cluster.ensureNamespace("ns");
    JobSpec spec = JobSpec.named("keep").running("busybox:1.36").build();
    cluster.apply(spec);
    Job j = api.client().batch().v1().jobs().inNamespace("ns").withName("keep").get();
    FakeJobController.write(api.client(), j, new JobStatusBuilder().withActive(1).build());
    assertThat(cluster.apply(spec.toBuilder().withBackoffLimit(3).build()).active()).isEqualTo(1);
    assertThat(cluster.job("ns", "keep").orElseThrow().backoffLimit()).isEqualTo(3);
  }
}
