package dev.cloudnative.examples;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.mesh.CircuitBreakerConfig;
import dev.cloudnative.mesh.Destination;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.RequestMatch;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.RouteTable;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.SlidingWindowType;
import dev.cloudnative.mesh.http.MeshHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The service-mesh scenario over real HTTP: three loopback backends (two of version v1, one canary
 * v2), an 80/20 split with testers pinned to the canary by a header, and a circuit breaker plus
 * retries. When one v1 backend starts answering 503 its circuit opens, the retries move to healthy
 * endpoints, and no request fails.
 */
public final class ServiceMeshExample {

  /**
   * Calls between two progress lines, so that a slow run never leaves the example silent for long.
   */
  private static final int PROGRESS_EVERY = 250;

  static {
    // The JDK HttpServer writes the response headers and the body as separate small segments; with
    // Nagle's
    // algorithm on, the body waits for the ACK of the headers, which the client delays by up to 40
    // ms, so every
    // keep-alive request took 30-40 ms. ServerConfig reads this property once, when the first
    // HttpServer of the
    // JVM is created, so it must be set before any backend exists (hence here, not in main).
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private ServiceMeshExample() {}

  public static void main(String[] args) {
    List<HttpServer> servers = new ArrayList<>();
    AtomicBoolean brokenB = new AtomicBoolean();
    try (ServiceMesh mesh = ServiceMesh.builder().build()) {
      servers.add(backend("v1-a", new AtomicBoolean()));
      servers.add(backend("v1-b", brokenB));
      servers.add(backend("v2", new AtomicBoolean()));
      run(mesh, servers, brokenB);
    } finally {
      servers.forEach(s -> s.stop(0));
    }
  }

  static void run(ServiceMesh mesh, List<HttpServer> servers, AtomicBoolean brokenB) {
    mesh.registry().register("reviews", "v1", endpoint("v1-a", servers.get(0)));
    mesh.registry().register("reviews", "v1", endpoint("v1-b", servers.get(1)));
    mesh.registry().register("reviews", "v2", endpoint("v2", servers.get(2)));
    mesh.routes(
        RouteTable.forService("reviews")
            .when(RequestMatch.headerExact("x-tester", "true"))
            .routeTo("v2")
            .otherwise()
            .split(Destination.of("v1", 80), Destination.of("v2", 20)));
    mesh.policy(
        "reviews",
        DestinationPolicy.custom()
            .loadBalancing(LoadBalancingPolicy.ROUND_ROBIN)
            .circuitBreaker(
                CircuitBreakerConfig.custom()
                    .failureRateThreshold(50)
                    .slidingWindow(10, 5, SlidingWindowType.COUNT_BASED)
                    .waitDurationInOpenState(Duration.ofSeconds(30))
                    .build())
            .retry(RetryPolicy.custom().maxAttempts(3).perTryTimeout(Duration.ofSeconds(2)).build())
            .build());
    MeshHttpClient http = MeshHttpClient.builder(mesh).build();

    Example.say("1000 requests, 80/20 split: " + send(http, 1000, false));
    Example.say("20 requests from testers (x-tester: true): " + send(http, 20, true));

    brokenB.set(true);
    Example.say("v1-b now answers 503; 1000 requests: " + send(http, 1000, false));
    Example.say(
        "circuit of v1-b: "
            + mesh.circuitBreaker("reviews", "v1-b").orElseThrow().state()
            + ", of v1-a: "
            + mesh.circuitBreaker("reviews", "v1-a").orElseThrow().state());
    mesh.stats("reviews")
        .ifPresent(
            s ->
                Example.say(
                    "stats: "
                        + s.calls()
                        + " calls, "
                        + s.retries()
                        + " retries, "
                        + s.rejections()
                        + " rejections"));
  }

  // Counts responses by status and by the backend that answered.
  private static Map<String, Integer> send(MeshHttpClient http, int requests, boolean tester) {
    Map<String, Integer> outcome = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      if (i > 0 && i % PROGRESS_EVERY == 0) {
        Example.say("  ... " + i + "/" + requests + " requests sent");
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://reviews/api/" + i));
      if (tester) {
        request.header("x-tester", "true");
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      outcome.merge(response.statusCode() + " " + response.body(), 1, Integer::sum);
    }
    return outcome;
  }

  private static Endpoint endpoint(String id, HttpServer server) {
    return new Endpoint(id, "127.0.0.1", server.getAddress().getPort(), 1, "", Map.of(), true);
  }

  private static HttpServer backend(String name, AtomicBoolean broken) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            byte[] body = name.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(broken.get() ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start backend " + name, e);
    }
  }
}
