package dev.cloudnative.mesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.mesh.CircuitBreakerConfig;
import dev.cloudnative.mesh.Destination;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.OutlierDetectionConfig;
import dev.cloudnative.mesh.RequestMatch;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.RouteTable;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.SlidingWindowType;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's canary example, run against loopback backends instead of 10.0.0.x (and a per-try
 * timeout generous enough for a loaded test machine).
 */
class ReadmeExampleTest {

  private static HttpServer backend(String version) throws Exception {
    HttpServer server = LoopbackServers.create(16);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = version.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  @Test
  void canaryWithCircuitBreakerAndRetries() throws Exception {
    List<HttpServer> servers = List.of(backend("v1"), backend("v1"), backend("v2"));
    try (ServiceMesh mesh = ServiceMesh.builder().build()) {
      int[] ports = servers.stream().mapToInt(s -> s.getAddress().getPort()).toArray();
      // --- README snippet (addresses replaced by the loopback backends) ---
      mesh.registry().register("reviews", "v1", Endpoint.of("127.0.0.1", ports[0]));
      mesh.registry().register("reviews", "v1", Endpoint.of("127.0.0.1", ports[1]));
      mesh.registry().register("reviews", "v2", Endpoint.of("127.0.0.1", ports[2]));
      mesh.routes(
          RouteTable.forService("reviews")
              .when(RequestMatch.headerExact("x-tester", "true"))
              .routeTo("v2")
              .otherwise()
              .split(Destination.of("v1", 80), Destination.of("v2", 20)));
      mesh.policy(
          "reviews",
          DestinationPolicy.custom()
              .loadBalancing(LoadBalancingPolicy.LEAST_REQUEST)
              .circuitBreaker(
                  CircuitBreakerConfig.custom()
                      .failureRateThreshold(50)
                      .slidingWindow(20, 10, SlidingWindowType.COUNT_BASED)
                      .waitDurationInOpenState(Duration.ofSeconds(5))
                      .build())
              .outlierDetection(OutlierDetectionConfig.custom().consecutiveFailures(5).build())
              .retry(
                  RetryPolicy.custom().maxAttempts(3).perTryTimeout(Duration.ofSeconds(2)).build())
              .build());
      MeshHttpClient http = MeshHttpClient.builder(mesh).build();
      // --- end of snippet ---
      List<String> versions = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://reviews/api/42")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        versions.add(r.body());
      }
      long canary = versions.stream().filter("v2"::equals).count();
      assertThat(canary).as("about 20%% of 200").isBetween(20L, 60L);
      HttpResponse<String> tester =
          http.send(
              HttpRequest.newBuilder(URI.create("http://reviews/api/42"))
                  .header("x-tester", "true")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(tester.body()).isEqualTo("v2");
    } finally {
      servers.forEach(s -> s.stop(0));
    }
  }
}
