package dev.cloudnative.mesh.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.mesh.CircuitBreaker;
import dev.cloudnative.mesh.CircuitBreakerConfig;
import dev.cloudnative.mesh.CircuitState;
import dev.cloudnative.mesh.Destination;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.OutlierDetectionConfig;
import dev.cloudnative.mesh.RequestMatch;
import dev.cloudnative.mesh.RetryBudget;
import dev.cloudnative.mesh.RetryOn;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.RouteTable;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.ServiceStats;
import dev.cloudnative.mesh.SimulatedEndpointException;
import dev.cloudnative.mesh.SlidingWindowType;
import dev.cloudnative.mesh.event.CircuitStateTransitionEvent;
import dev.cloudnative.mesh.event.EndpointEjectedEvent;
import dev.cloudnative.mesh.event.MeshEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real traffic over loopback: four JDK {@link HttpServer} backends behind the mesh; one of them
 * starts failing (503) or hanging mid-run. No request may fail while healthy backends exist; the
 * bad one must be cut off and must come back through half-open once it recovers.
 */
class MeshHttpClientTest {

  enum Mode {
    OK,
    UNAVAILABLE,
    HANG
  }

  static final class Backend {
    final int index;
    final HttpServer server;
    final AtomicInteger hits = new AtomicInteger();
    volatile Mode mode = Mode.OK;
    final CountDownLatch unhang = new CountDownLatch(1);

    Backend(int index, ExecutorService executor) throws IOException {
      this.index = index;
      this.server = LoopbackServers.create(64);
      server.setExecutor(executor);
      server.createContext(
          "/",
          exchange -> {
            hits.incrementAndGet();
            Mode m = mode;
            if (m == Mode.HANG) {
              try {
                unhang.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            byte[] body =
                ("backend-" + index + " " + exchange.getRequestURI().getPath())
                    .getBytes(StandardCharsets.UTF_8);
            int status = m == Mode.UNAVAILABLE ? 503 : 200;
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
    }

    Endpoint endpoint() {
      return Endpoint.of("127.0.0.1", server.getAddress().getPort());
    }
  }

  private final List<Backend> backends = new ArrayList<>();
  private final List<MeshEvent> events = new CopyOnWriteArrayList<>();
  private ExecutorService serverThreads;
  private ServiceMesh mesh;
  private MeshHttpClient http;

  @BeforeEach
  void start() throws IOException {
    serverThreads = Executors.newFixedThreadPool(16);
    for (int i = 0; i < 4; i++) {
      backends.add(new Backend(i, serverThreads));
    }
    mesh = ServiceMesh.builder().eventListener(events::add).build();
    policy(Duration.ofSeconds(1), Duration.ofMillis(400));
    for (Backend b : backends) {
      mesh.registry().register("catalog", "v1", b.endpoint());
    }
    http =
        MeshHttpClient.builder(mesh)
            .httpClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build())
            .build();
  }

  /**
   * Installs the test policy. Timeouts are generous because the test machine may be heavily loaded;
   * what the tests check is that bad backends stop costing anything, not how fast that happens.
   */
  private void policy(Duration perTryTimeout, Duration ejection) {
    mesh.policy(
        "catalog",
        DestinationPolicy.custom()
            .loadBalancing(LoadBalancingPolicy.ROUND_ROBIN)
            .circuitBreaker(
                CircuitBreakerConfig.custom()
                    .slidingWindow(10, 5, SlidingWindowType.COUNT_BASED)
                    .failureRateThreshold(50)
                    .waitDurationInOpenState(ejection)
                    .permittedNumberOfCallsInHalfOpenState(2)
                    .build())
            .outlierDetection(
                OutlierDetectionConfig.custom()
                    .consecutiveFailures(3)
                    .baseEjectionTime(ejection)
                    .maxEjectionPercent(50)
                    .build())
            .retry(
                RetryPolicy.custom()
                    .maxAttempts(3)
                    .retryOn(
                        RetryOn.UNAVAILABLE,
                        RetryOn.TIMEOUT,
                        RetryOn.CONNECT_FAILURE,
                        RetryOn.RESET)
                    .perTryTimeout(perTryTimeout)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                    // All 4 client threads of load() can be waiting on a hanging backend at once
                    // (the healthy
                    // ones answer in well under a millisecond, so round robin keeps handing the
                    // hanging one new
                    // requests until outlier detection ejects it); each must then be allowed its
                    // retry. The
                    // default budget's 3 concurrent retries would refuse the fourth.
                    .budget(new RetryBudget(20, 4))
                    .build())
            .build());
  }

  @AfterEach
  void stop() {
    for (Backend b : backends) {
      b.unhang.countDown();
      b.server.stop(0);
    }
    serverThreads.shutdownNow();
    mesh.close();
  }

  private HttpResponse<String> get(String path) {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://catalog" + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code n} requests from 4 client threads and returns their statuses. */
  private List<Integer> load(int n) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        futures.add(clients.submit(() -> get("/items/" + id).statusCode()));
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : futures) {
        statuses.add(f.get(30, TimeUnit.SECONDS));
      }
      return statuses;
    } finally {
      clients.shutdownNow();
    }
  }

  private int hitsOf(Backend b) {
    return b.hits.get();
  }

  @Test
  void resolvesTheServiceAndKeepsPathAndQuery() {
    HttpResponse<String> r = get("/items/42?x=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("backend-").endsWith("/items/42");
    assertThat(r.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(r.uri().getQuery()).isEqualTo("x=1");
  }

  @Test
  void backendThatStartsFailingIsCutOffAndRecoversThroughHalfOpen() throws Exception {
    assertThat(load(80)).containsOnly(200);
    Backend bad = backends.get(2);
    CircuitBreaker breaker = mesh.circuitBreaker("catalog", bad.endpoint().id()).orElseThrow();
    bad.mode = Mode.UNAVAILABLE;
    // Outlier detection (3 consecutive failures) usually ejects the backend before its circuit has
    // the 5 of 10
    // failures that open it; the circuit opens when the backend returns from an ejection and fails
    // again. That
    // takes as long as the ejection, not a number of requests, so the traffic goes on until it has
    // happened.
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    do {
      assertThat(load(50)).as("no request lost while healthy backends exist").containsOnly(200);
    } while (!opened(bad) && System.nanoTime() < until);
    assertThat(opened(bad)).as("the circuit of the failing backend opened").isTrue();
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(EndpointEjectedEvent.class));
    int before = hitsOf(bad);
    assertThat(load(60)).containsOnly(200);
    assertThat(hitsOf(bad) - before)
        .as("the failing backend gets (almost) no traffic")
        .isLessThanOrEqualTo(6);

    bad.mode = Mode.OK;
    Thread.sleep(900);
    int recovered = hitsOf(bad);
    // Each ejection lasts longer than the one before; the backend is back once the current one
    // ends.
    until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    do {
      assertThat(load(50)).containsOnly(200);
    } while ((hitsOf(bad) - recovered <= 20 || breaker.state() != CircuitState.CLOSED)
        && System.nanoTime() < until);
    assertThat(hitsOf(bad) - recovered)
        .as("traffic returns to the recovered backend")
        .isGreaterThan(20);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(events)
        .filteredOn(CircuitStateTransitionEvent.class::isInstance)
        .map(e -> (CircuitStateTransitionEvent) e)
        .filteredOn(e -> e.breaker().equals(bad.endpoint().id()))
        .map(CircuitStateTransitionEvent::to)
        .containsSubsequence(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
  }

  private boolean opened(Backend b) {
    return events.stream()
        .anyMatch(
            e ->
                e instanceof CircuitStateTransitionEvent t
                    && t.breaker().equals(b.endpoint().id())
                    && t.to() == CircuitState.OPEN);
  }

  @Test
  void hangingBackendCostsAtMostThePerTryTimeout() throws Exception {
    policy(Duration.ofMillis(500), Duration.ofSeconds(30));
    assertThat(load(40)).containsOnly(200);
    Backend hanging = backends.get(1);
    hanging.mode = Mode.HANG;
    long start = System.nanoTime();
    assertThat(load(120)).containsOnly(200);
    long took = System.nanoTime() - start;
    assertThat(Duration.ofNanos(took))
        .as("hangs are cut at 500 ms and the endpoint is ejected")
        .isLessThan(Duration.ofSeconds(20));
    int before = hitsOf(hanging);
    assertThat(load(60)).containsOnly(200);
    assertThat(hitsOf(hanging) - before).isLessThanOrEqualTo(6);
    assertThat(mesh.stats("catalog").orElseThrow().retries()).isPositive();
  }

  @Test
  void canaryRoutingOverRealBackends() throws Exception {
    mesh.registry().removeService("catalog");
    for (int i = 0; i < 4; i++) {
      mesh.registry().register("catalog", i < 3 ? "v1" : "v2", backends.get(i).endpoint());
    }
    mesh.routes(
        RouteTable.forService("catalog")
            .when(RequestMatch.headerExact("x-tester", "yes"))
            .routeTo("v2")
            .otherwise()
            .split(Destination.of("v1", 80), Destination.of("v2", 20)));
    HttpResponse<String> tester =
        http.send(
            HttpRequest.newBuilder(URI.create("http://catalog/x"))
                .header("X-Tester", "yes")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tester.body()).startsWith("backend-3");
    int canaryBefore = hitsOf(backends.get(3));
    assertThat(load(400)).containsOnly(200);
    double share = (hitsOf(backends.get(3)) - canaryBefore) / 4.0;
    assertThat(share).as("about 20%% on the canary").isBetween(13.0, 27.0);
  }

  @Test
  void simulatedEndpointIsRefusedBeforeAnySocketWhileTheRealOneServes() throws Exception {
    // A listening decoy at the simulated address: a connection attempt would wait in its backlog.
    try (ServerSocket decoy = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      mesh.registry().removeService("catalog");
      Backend real = backends.get(0);
      Endpoint simulated =
          new Endpoint(
              "catalog-sim-0", "127.0.0.1", decoy.getLocalPort(), 1, "", Map.of(), true, true);
      mesh.registry().register("catalog", "v1", real.endpoint());
      mesh.registry().register("catalog", "v1", simulated);
      int served = 0;
      int refused = 0;
      for (int i = 0; i < 40; i++) {
        try {
          HttpResponse<String> r = get("/items/" + i);
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.body()).startsWith("backend-0");
          served++;
        } catch (SimulatedEndpointException e) {
          assertThat(e.endpoint()).isEqualTo(simulated);
          assertThat(e.service()).isEqualTo("catalog");
          assertThat(e)
              .hasMessageContaining("catalog-sim-0")
              .hasMessageContaining("127.0.0.1:" + decoy.getLocalPort())
              .hasMessageContaining("nothing listens there");
          refused++;
        }
      }
      assertThat(served).as("round robin over both endpoints").isBetween(10, 30);
      assertThat(served + refused).isEqualTo(40);
      assertThat(hitsOf(real)).isEqualTo(served);
      decoy.setSoTimeout(300);
      assertThatThrownBy(decoy::accept)
          .as("no connection was ever opened to the simulated address")
          .isInstanceOf(SocketTimeoutException.class);

      // Refusals are nobody's failure: counted, 3 would eject the endpoint and 5 would open its
      // circuit.
      ServiceStats stats = mesh.stats("catalog").orElseThrow();
      assertThat(stats.retries()).isZero();
      assertThat(stats.subsets().get("v1").failures()).isZero();
      assertThat(
              mesh.circuitBreaker("catalog", simulated.id())
                  .orElseThrow()
                  .metrics()
                  .bufferedCalls())
          .isZero();
      assertThat(mesh.circuitBreaker("catalog", simulated.id()).orElseThrow().state())
          .isEqualTo(CircuitState.CLOSED);
      assertThat(events).noneMatch(EndpointEjectedEvent.class::isInstance);
    }
  }
}
