package dev.cloudnative.mesh.observability;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.UpstreamCallException;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The mesh's observations read back from a {@link TestObservationRegistry}. */
class MeshObservationsTest {

  private final TestObservationRegistry observations = TestObservationRegistry.create();

  private ServiceMesh mesh(int maxAttempts) {
    ServiceMesh mesh = ServiceMesh.builder().seed(1).observationRegistry(observations).build();
    mesh.policy(
        "svc",
        DestinationPolicy.custom()
            .retry(
                RetryPolicy.custom()
                    .maxAttempts(maxAttempts)
                    .retryOnException(e -> true)
                    .backoff(Duration.ZERO, Duration.ZERO)
                    .build())
            .build());
    mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80));
    return mesh;
  }

  @Test
  void aCallIsAnObservationWithAChildPerAttempt() {
    AtomicInteger attempts = new AtomicInteger();
    try (ServiceMesh mesh = mesh(2)) {
      mesh.call(
          "svc",
          MeshRequest.empty(),
          e -> {
            if (attempts.incrementAndGet() == 1) {
              throw new IllegalStateException("first attempt fails");
            }
            return "ok";
          });
    }
    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("mesh.call", 1)
        .hasNumberOfObservationsWithNameEqualTo("mesh.attempt", 2)
        .hasObservationWithNameEqualTo("mesh.call")
        .that()
        .hasBeenStarted()
        .hasBeenStopped()
        .hasLowCardinalityKeyValue("service", "svc")
        .hasLowCardinalityKeyValue("outcome", "success")
        .doesNotHaveError()
        .doesNotHaveParentObservation();
    TestObservationRegistryAssert.assertThat(observations)
        .forAllObservationsWithNameEqualTo(
            "mesh.attempt",
            a ->
                a.hasLowCardinalityKeyValue("service", "svc")
                    .hasLowCardinalityKeyValue("subset", "*")
                    .hasLowCardinalityKeyValue("endpoint", "10.0.0.1:80")
                    .hasParentObservationContextMatching(named("mesh.call")));
    TestObservationRegistryAssert.assertThat(observations)
        .hasAnObservation(
            a ->
                a.hasNameEqualTo("mesh.attempt")
                    .hasHighCardinalityKeyValue("attempt", "1")
                    .hasLowCardinalityKeyValue("outcome", "failure")
                    .hasError())
        .hasAnObservation(
            a ->
                a.hasNameEqualTo("mesh.attempt")
                    .hasHighCardinalityKeyValue("attempt", "2")
                    .hasLowCardinalityKeyValue("outcome", "success")
                    .doesNotHaveError());
  }

  @Test
  void aFailedCallCarriesItsStopReasonAndError() {
    try (ServiceMesh mesh = mesh(1)) {
      assertThatThrownBy(
              () ->
                  mesh.call(
                      "svc",
                      MeshRequest.empty(),
                      e -> {
                        throw new IllegalStateException("down");
                      }))
          .isInstanceOf(UpstreamCallException.class);
    }
    TestObservationRegistryAssert.assertThat(observations)
        .hasObservationWithNameEqualTo("mesh.call")
        .that()
        .hasLowCardinalityKeyValue("outcome", "attempts_exhausted")
        .hasError();
  }

  @Test
  void withTheNoOpRegistryNothingIsObserved() {
    try (ServiceMesh mesh = ServiceMesh.builder().build()) {
      mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80));
      mesh.call("svc", MeshRequest.empty(), e -> "ok");
    }
    TestObservationRegistryAssert.assertThat(observations).doesNotHaveAnyObservation();
  }

  private static java.util.function.Predicate<Observation.ContextView> named(String name) {
    return context -> name.equals(context.getName());
  }
}
