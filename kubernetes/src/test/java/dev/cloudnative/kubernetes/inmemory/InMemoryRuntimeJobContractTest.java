package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.JobContractTest;
import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.LogOptions;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.Propagation;
import dev.cloudnative.kubernetes.ResourceKind;
import dev.cloudnative.kubernetes.SecretSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Job contract on the embedded cluster with a pod runtime: every Job pod is a container of
 * {@link HttpServerRuntime}, whose tag decides its exit ({@code ok} exits 0, {@code fail} exits 1,
 * {@code endless} runs until stopped), and the Job controller reads the real exit codes; time is
 * real.
 */
class InMemoryRuntimeJobContractTest extends JobContractTest {

  private final HttpServerRuntime runtime = new HttpServerRuntime();

  @Override
  protected Cluster newCluster() {
    return InMemoryCluster.builder()
        .defaultNamespace(NS)
        .runtime(runtime)
        .kubeletPeriod(Duration.ofMillis(20))
        .restartBackOff(Duration.ofMillis(50), Duration.ofMillis(200))
        .terminationGracePeriod(Duration.ZERO)
        .build();
  }

  @Override
  protected AutoCloseable playJobController(String namespace, String name) {
    return () -> {}; // the Job controller runs on every kubelet pass
  }

  @Override
  protected boolean collectsGarbage() {
    return true;
  }

  @Test
  void aJobPodsLogIsTheContainersWithItsSecretResolved() {
    cluster.apply(SecretSpec.of("db", Map.of("password", "s3cret")).inNamespace(NS));
    cluster.apply(task("report", OK).withEnvFromSecret("PASSWORD", "db", "password").build());
    cluster.awaitJob(NS, "report", Duration.ofSeconds(60));
    List<PodInfo> pods = cluster.pods(NS, Map.of(JobSpec.JOB_NAME_LABEL, "report"));
    assertThat(pods).hasSize(1);
    assertThat(cluster.logs(NS, pods.get(0).name(), LogOptions.all()))
        .contains("PASSWORD=s3cret")
        .contains("done");
  }

  @Test
  void aFinishedJobKeepsItsExitedContainerUntilDeleted() throws InterruptedException {
    cluster.apply(task("kept", OK).build());
    cluster.awaitJob(NS, "kept", Duration.ofSeconds(60));
    assertThat(runtime.running).hasSize(1);
    cluster.delete(ResourceKind.JOB, NS, "kept", Propagation.BACKGROUND);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!runtime.running.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(runtime.running).isEmpty();
  }
}
