package dev.cloudnative.mesh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.MeshTimeoutException;
import dev.cloudnative.mesh.RetryOn;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.ServiceMeshContractTest;
import dev.cloudnative.mesh.event.MeshEventListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InProcessServiceMeshTest extends ServiceMeshContractTest {

  @Override
  protected ServiceMesh create(MeshClock clock, MeshEventListener listener) {
    return ServiceMesh.builder().clock(clock).eventListener(listener).seed(1).build();
  }

  @Test
  void perTryTimeoutAbandonsAHangingAttemptAndRetriesElsewhere() {
    try (ServiceMesh mesh = ServiceMesh.builder().build()) {
      mesh.policy(
          "svc",
          DestinationPolicy.custom()
              .retry(
                  RetryPolicy.custom()
                      .maxAttempts(2)
                      .retryOn(RetryOn.TIMEOUT)
                      .perTryTimeout(Duration.ofMillis(100))
                      .backoff(Duration.ZERO, Duration.ZERO)
                      .build())
              .build());
      mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80));
      mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.2", 80));
      long start = System.nanoTime();
      for (int i = 0; i < 4; i++) {
        String result =
            mesh.call(
                "svc",
                MeshRequest.empty(),
                e -> {
                  if (e.host().endsWith(".1")) {
                    try {
                      Thread.sleep(10_000);
                    } catch (InterruptedException ex) {
                      Thread.currentThread().interrupt();
                    }
                    return "late";
                  }
                  return e.host();
                });
        assertThat(result).isEqualTo("10.0.0.2");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void perTryTimeoutWithoutRetryIsATimeout() {
    try (ServiceMesh mesh = ServiceMesh.builder().build()) {
      mesh.policy(
          "svc",
          DestinationPolicy.custom()
              .retry(
                  RetryPolicy.custom().maxAttempts(1).perTryTimeout(Duration.ofMillis(50)).build())
              .build());
      mesh.registry().register("svc", "v1", Endpoint.of("10.0.0.1", 80));
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  mesh.call(
                      "svc",
                      MeshRequest.empty(),
                      e -> {
                        try {
                          Thread.sleep(5_000);
                        } catch (InterruptedException ex) {
                          Thread.currentThread().interrupt();
                        }
                        return "late";
                      }))
          .isInstanceOf(MeshTimeoutException.class)
          .hasMessageContaining("per-try timeout");
    }
  }
}
