package dev.cloudnative.kubernetes.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ClusterObservabilityContract;
import dev.cloudnative.kubernetes.DeploymentSpec;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.RolloutTimeoutException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The observability contract on the simulated cluster, plus rollout waits it can drive. */
class InMemoryClusterObservabilityTest extends ClusterObservabilityContract {

  @Override
  protected Cluster newCluster(Optional<MeterRegistry> meters, ObservationRegistry observations) {
    InMemoryCluster.Builder b =
        InMemoryCluster.builder().defaultNamespace(NS).observationRegistry(observations);
    meters.ifPresent(b::meterRegistry);
    return b.build();
  }

  @Override
  protected String backend() {
    return "in_memory";
  }

  @Test
  void rolloutWaitsAreTimedWithTheirOutcome() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (InMemoryCluster cluster =
        InMemoryCluster.builder().defaultNamespace(NS).meterRegistry(meters).build()) {
      cluster.ensureNamespace(NS);
      cluster.apply(DeploymentSpec.named("web").running("nginx:1.27").inNamespace(NS).build());
      cluster.awaitRollout(NS, "web", Duration.ofMinutes(5), RolloutListener.NONE);
      cluster.failImage("nginx:broken");
      cluster.updateImage(NS, "web", "nginx:broken");
      assertThatThrownBy(
              () -> cluster.awaitRollout(NS, "web", Duration.ofSeconds(30), RolloutListener.NONE))
          .isInstanceOf(RolloutTimeoutException.class);

      assertThat(
              meters
                  .get("kubernetes.operation.duration")
                  .tags("operation", "rollout_wait", "kind", "deployment", "outcome", "success")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("kubernetes.operation.duration")
                  .tags("operation", "update_image", "outcome", "success")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(
              meters
                  .get("kubernetes.operation.duration")
                  .tags("operation", "rollout_wait", "outcome", "rollout_timeout")
                  .timer()
                  .count())
          .isEqualTo(1);
    }
  }
}
