package dev.cloudnative.mesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.ManualClock;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.ServiceMesh;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over loopback: a backend that answers 429 or 503 with {@code Retry-After} is backed off by the
 * mesh for the time asked (the mesh's manual clock decides when it is back), in both header forms.
 */
class MeshHttpClientRetryAfterTest {

  private final ManualClock clock = new ManualClock();
  private final List<HttpServer> servers = new ArrayList<>();
  private final ServiceMesh mesh = ServiceMesh.builder().clock(clock).build();
  private final MeshHttpClient http = MeshHttpClient.builder(mesh).build();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
    mesh.close();
  }

  /** A backend that counts its requests; the first one is answered by {@code first}. */
  private AtomicInteger backend(int status, Supplier<String> retryAfter) throws IOException {
    AtomicInteger hits = new AtomicInteger();
    HttpServer server = LoopbackServers.create(16);
    server.createContext(
        "/",
        exchange -> {
          boolean first = hits.getAndIncrement() == 0;
          int code = first ? status : 200;
          if (first && retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter.get());
          }
          byte[] body = "ok".getBytes();
          exchange.sendResponseHeaders(code, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    servers.add(server);
    mesh.registry().register("api", "v1", Endpoint.of("127.0.0.1", server.getAddress().getPort()));
    return hits;
  }

  private void policy() {
    mesh.policy(
        "api",
        DestinationPolicy.custom()
            .loadBalancing(LoadBalancingPolicy.ROUND_ROBIN)
            .retry(
                RetryPolicy.custom()
                    .maxAttempts(2)
                    .retryOnStatuses(429, 503)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                    .build())
            .build());
  }

  private int get() {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://api/x")).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void run(int status, Supplier<String> retryAfter) throws Exception {
    policy();
    AtomicInteger limited = backend(status, retryAfter);
    AtomicInteger other = backend(200, null);
    // Until the limited backend has answered its 429/503 once, calls spread over both (a 503 is
    // retried on the other backend, a 429 returned as is: it is no failure).
    while (limited.get() == 0) {
      assertThat(get()).isIn(200, status);
    }
    int before = limited.get();
    for (int i = 0; i < 40; i++) {
      assertThat(get()).isEqualTo(200);
    }
    assertThat(limited.get()).as("backed off for 120 s").isEqualTo(before);
    clock.advance(Duration.ofSeconds(100));
    for (int i = 0; i < 20; i++) {
      get();
    }
    assertThat(limited.get()).as("still backed off after 100 s").isEqualTo(before);
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < 20; i++) {
      assertThat(get()).isEqualTo(200);
    }
    assertThat(limited.get()).as("back after 130 s").isGreaterThan(before);
    assertThat(other.get()).isGreaterThan(40);
  }

  @Test
  void tooManyRequestsWithDelaySeconds() throws Exception {
    run(429, () -> "120");
  }

  @Test
  void unavailableWithAnHttpDate() throws Exception {
    // Measured from the response's Date (or the local clock when the server sends none): the same
    // wall clock the header was made on.
    run(
        503,
        () ->
            DateTimeFormatter.RFC_1123_DATE_TIME.format(
                Instant.now().plusSeconds(120).atOffset(ZoneOffset.UTC)));
  }

  @Test
  void withoutRetryAfterNothingBacksOff() throws Exception {
    policy();
    AtomicInteger limited = backend(429, null);
    backend(200, null);
    for (int i = 0; i < 40; i++) {
      get();
    }
    assertThat(limited.get()).isGreaterThan(10);
  }
}
