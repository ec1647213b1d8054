package dev.cloudnative.mesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.UpstreamCallException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code http.client.request.duration} and the {@code http.client.requests} / {@code
 * http.server.requests} observations, against a loopback JDK server, read back from a {@link
 * SimpleMeterRegistry} and a {@link TestObservationRegistry}.
 */
class MeshHttpClientObservabilityTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final TestObservationRegistry serverObservations = TestObservationRegistry.create();
  private HttpServer server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    server = LoopbackServers.create(16);
    server.createContext(
        "/",
        ObservedHttpHandler.wrap(
            exchange -> {
              int status = exchange.getRequestURI().getPath().startsWith("/fail") ? 503 : 200;
              String traceparent = String.valueOf(exchange.getRequestHeaders().getFirst("x-seen"));
              byte[] body = traceparent.getBytes(StandardCharsets.UTF_8);
              exchange.sendResponseHeaders(status, body.length);
              try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
              }
            },
            serverObservations));
    server.start();
    port = server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ServiceMesh mesh() {
    ServiceMesh mesh =
        ServiceMesh.builder().meterRegistry(meters).observationRegistry(observations).build();
    mesh.policy("web", DestinationPolicy.custom().retry(RetryPolicy.none()).build());
    mesh.registry().register("web", "v1", Endpoint.of("127.0.0.1", port));
    return mesh;
  }

  private Timer timer(String status, String errorType) {
    return meters
        .get("http.client.request.duration")
        .tags(
            "http.request.method",
            "GET",
            "http.response.status_code",
            status,
            "server.address",
            "127.0.0.1",
            "server.port",
            Integer.toString(port),
            "error.type",
            errorType)
        .timer();
  }

  /** Retries an assertion for up to 30 s: for what another thread finishes after the response. */
  private static void eventually(Runnable assertion) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

  @Test
  void eachRequestIsTimedWithSemanticConventionTagsFromTheMeshRegistries() throws Exception {
    try (ServiceMesh mesh = mesh()) {
      MeshHttpClient http = MeshHttpClient.builder(mesh).build();
      for (int i = 0; i < 3; i++) {
        assertThat(send(http, "/ok").statusCode()).isEqualTo(200);
      }
      assertThat(send(http, "/fail").statusCode()).isEqualTo(503);
    }
    assertThat(timer("200", "none").count()).isEqualTo(3);
    assertThat(timer("503", "503").count()).isEqualTo(1);

    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("http.client.requests", 4)
        .forAllObservationsWithNameEqualTo(
            "http.client.requests",
            o ->
                o.hasLowCardinalityKeyValue("http.request.method", "GET")
                    .hasLowCardinalityKeyValue("server.address", "127.0.0.1")
                    .hasLowCardinalityKeyValue("server.port", Integer.toString(port))
                    .hasLowCardinalityKeyValueWithKey("http.response.status_code")
                    .hasParentObservationContextMatching(named("mesh.attempt")));
    // The server stops its observation after the response is written, so the client can hold the
    // response before the server thread gets there: retry (boundedly) until the four are complete.
    eventually(
        () ->
            TestObservationRegistryAssert.assertThat(serverObservations)
                .hasNumberOfObservationsWithNameEqualTo(ObservedHttpHandler.OBSERVATION, 4)
                .hasAnObservation(
                    o ->
                        o.hasLowCardinalityKeyValue("http.response.status_code", "503")
                            .hasHighCardinalityKeyValue("url.path", "/fail")));
  }

  @Test
  void aFailedRequestIsTimedUnderItsExceptionClass() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    try (ServiceMesh mesh =
        ServiceMesh.builder().meterRegistry(new SimpleMeterRegistry()).build()) {
      mesh.policy("down", DestinationPolicy.custom().retry(RetryPolicy.none()).build());
      mesh.registry().register("down", "v1", Endpoint.of("127.0.0.1", closed));
      // The builder's own registry wins over the mesh's.
      MeshHttpClient http = MeshHttpClient.builder(mesh).meterRegistry(meters).build();
      assertThatThrownBy(
              () ->
                  http.send(
                      HttpRequest.newBuilder(URI.create("http://down/x")).build(),
                      HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(UpstreamCallException.class);
    }
    Timer failed =
        meters
            .get("http.client.request.duration")
            .tags("server.port", Integer.toString(closed), "http.response.status_code", "none")
            .timer();
    assertThat(failed.count()).isEqualTo(1);
    assertThat(failed.getId().getTag("error.type")).isEqualTo("java.net.ConnectException");
  }

  @Test
  void withoutRegistriesNothingIsRecorded() throws Exception {
    try (ServiceMesh mesh = ServiceMesh.builder().build()) {
      mesh.registry().register("web", "v1", Endpoint.of("127.0.0.1", port));
      MeshHttpClient http = MeshHttpClient.builder(mesh).build();
      assertThat(send(http, "/ok").statusCode()).isEqualTo(200);
    }
    assertThat(meters.getMeters()).isEmpty();
    TestObservationRegistryAssert.assertThat(observations).doesNotHaveAnyObservation();
  }

  private HttpResponse<String> send(MeshHttpClient http, String path) {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://web" + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static java.util.function.Predicate<Observation.ContextView> named(String name) {
    return context -> name.equals(context.getName());
  }
}
