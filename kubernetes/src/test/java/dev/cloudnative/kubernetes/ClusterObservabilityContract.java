package dev.cloudnative.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Cluster} reports to Micrometer: the {@code kubernetes.operation.duration} timer
 * read back from a {@link SimpleMeterRegistry}, the {@code kubernetes.<operation>} observations
 * from a {@link TestObservationRegistry}, and nothing at all without registries.
 */
public abstract class ClusterObservabilityContract {
  protected static final String NS = "observed";
  private static final String TIMER = "kubernetes.operation.duration";

  private Cluster cluster;

  /** A fresh cluster whose default namespace is {@link #NS}, reporting to the given registries. */
  protected abstract Cluster newCluster(
      Optional<MeterRegistry> meters, ObservationRegistry observations);

  /** The {@code backend} tag the implementation reports: {@code fabric8} or {@code in_memory}. */
  protected abstract String backend();

  private Cluster open(Optional<MeterRegistry> meters, ObservationRegistry observations) {
    cluster = newCluster(meters, observations);
    return cluster;
  }

  @AfterEach
  void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Timer timer(MeterRegistry meters, String operation, String kind, String outcome) {
    return meters
        .get(TIMER)
        .tags("operation", operation, "kind", kind, "backend", backend(), "outcome", outcome)
        .timer();
  }

  @Test
  void operationsAreTimedByOperationKindAndOutcome() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Cluster c = open(Optional.of(meters), ObservationRegistry.NOOP);
    c.ensureNamespace(NS);
    c.apply(DeploymentSpec.named("web").running("nginx:1.27").inNamespace(NS).build());
    c.apply(ConfigMapSpec.of("settings", Map.of("url", "jdbc:pg")).inNamespace(NS));
    assertThat(c.deployment(NS, "web")).isPresent();
    assertThat(c.deployment(NS, "absent")).isEmpty();
    assertThatThrownBy(
            () -> c.delete(ResourceKind.DEPLOYMENT, NS, "absent", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);
    c.applyYaml(NS, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n");
    assertThatThrownBy(() -> c.ensureNamespace("Not_Valid"))
        .isInstanceOf(KubernetesInvalidException.class);

    assertThat(timer(meters, "ensure", "namespace", "success").count()).isEqualTo(1);
    Timer applied = timer(meters, "apply", "deployment", "success");
    assertThat(applied.count()).isEqualTo(1);
    assertThat(applied.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(timer(meters, "apply", "config_map", "success").count()).isEqualTo(1);
    // An absent object is an answer, not a failure.
    assertThat(timer(meters, "get", "deployment", "success").count()).isEqualTo(2);
    assertThat(timer(meters, "delete", "deployment", "not_found").count()).isEqualTo(1);
    // The String form of applyYaml is one operation, not also the stream form it reads through.
    assertThat(timer(meters, "apply_yaml", "mixed", "success").count()).isEqualTo(1);
    assertThat(timer(meters, "ensure", "namespace", "invalid").count()).isEqualTo(1);

    Set<Set<String>> tagKeys =
        meters.find(TIMER).meters().stream()
            .map(Meter::getId)
            .map(id -> id.getTags().stream().map(Tag::getKey).collect(Collectors.toSet()))
            .collect(Collectors.toSet());
    assertThat(tagKeys).containsExactly(Set.of("operation", "kind", "backend", "outcome"));
    assertThat(
            meters.find(TIMER).meters().stream()
                .flatMap(m -> m.getId().getTags().stream())
                .map(Tag::getValue))
        .allMatch(v -> v.equals(v.toLowerCase(java.util.Locale.ROOT)));
  }

  @Test
  void operationsAreObservedWithTheirKeyValuesAndErrors() {
    TestObservationRegistry observations = TestObservationRegistry.create();
    Cluster c = open(Optional.empty(), observations);
    c.ensureNamespace(NS);
    c.apply(DeploymentSpec.named("web").running("nginx:1.27").inNamespace(NS).build());
    assertThatThrownBy(
            () -> c.delete(ResourceKind.DEPLOYMENT, NS, "absent", Propagation.BACKGROUND))
        .isInstanceOf(KubernetesNotFoundException.class);

    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("kubernetes.apply")
        .that()
        .hasLowCardinalityKeyValue("operation", "apply")
        .hasLowCardinalityKeyValue("kind", "deployment")
        .hasLowCardinalityKeyValue("backend", backend())
        .hasLowCardinalityKeyValue("outcome", "success")
        .doesNotHaveError()
        .hasBeenStopped();
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("kubernetes.delete")
        .that()
        .hasLowCardinalityKeyValue("kind", "deployment")
        .hasLowCardinalityKeyValue("outcome", "not_found")
        .assertThatError()
        .isInstanceOf(KubernetesNotFoundException.class);
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("kubernetes.ensure")
        .that()
        .hasLowCardinalityKeyValue("kind", "namespace")
        .hasBeenStopped();
    // Observations only: no meter was registered anywhere, not even in the global registry.
    assertThat(Metrics.globalRegistry.find(TIMER).meters()).isEmpty();
  }

  @Test
  void withoutRegistriesNothingIsMeasured() {
    Cluster c = open(Optional.empty(), ObservationRegistry.NOOP);
    c.ensureNamespace(NS);
    c.apply(DeploymentSpec.named("web").running("nginx:1.27").inNamespace(NS).build());
    assertThat(c.deployment(NS, "web")).isPresent();
    assertThat(Metrics.globalRegistry.find(TIMER).meters()).isEmpty();
  }
}
