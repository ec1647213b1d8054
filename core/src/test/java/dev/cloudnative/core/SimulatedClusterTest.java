package dev.cloudnative.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.SimulatedEndpointException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster without a pod runtime invents pod addresses: they reach the mesh marked simulated, and
 * the HTTP client refuses them with a reason instead of dialling them. Also the facade's lifecycle.
 */
class SimulatedClusterTest {

  @Test
  void invokingASimulatedPodIsRefusedBeforeAnySocketIsOpened() {
    try (CloudNative cn = CloudNative.builder().cluster(InMemoryCluster.create()).build()) {
      cn.deploy(AppSpec.named("shop").image("shop:1.0").replicas(2).build());
      List<Endpoint> endpoints =
          cn.mesh().registry().snapshot().service("shop").orElseThrow().endpoints("stable");
      assertThat(endpoints)
          .hasSize(2)
          .allSatisfy(
              e -> {
                assertThat(e.simulated()).isTrue();
                assertThat(e.host()).startsWith("10.244.");
              });
      assertThatThrownBy(
              () ->
                  cn.http()
                      .send(
                          HttpRequest.newBuilder(URI.create("http://shop/")).build(),
                          HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SimulatedEndpointException.class)
          .hasMessageContaining("10.244.")
          .hasMessageContaining("pod runtime");
    }
  }

  @Test
  void closeIsIdempotentAndEveryCallAfterItThrowsIllegalState() {
    CloudNative cn = CloudNative.embedded();
    Application handle = cn.app("shop");
    cn.close();
    cn.close();
    List<Runnable> calls =
        List.of(
            cn::mesh,
            cn::cluster,
            cn::containers,
            cn::storage,
            cn::pipelines,
            cn::security,
            cn::http,
            cn::backends,
            () -> cn.app("shop"),
            () -> cn.deploy(AppSpec.named("shop").image("shop:1.0").build()),
            () -> handle.deploy(AppSpec.named("shop").image("shop:1.0").build()),
            handle::status,
            handle::undeploy,
            () -> handle.scale(2));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("CloudNative is closed");
    }
  }
}
