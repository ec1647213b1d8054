package dev.cloudnative.mesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.HedgePolicy;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.ServiceMesh;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hedging figure, measured over real loopback HTTP (a short measured run that prints its table;
 * the numbers in the README come from it): 10 JDK {@link HttpServer} backends answering in about 1
 * ms, of whose requests 1% stall for {@value #STALL_MILLIS} ms, 8 callers. Rows: the fast backends
 * alone (no stalls: the reference p99), the stalls without hedging, and with hedging after a fixed
 * delay and after the p95 of recent latency; extra load is the backends' requests beyond one per
 * call. Asserted only generously: hedging keeps the stalls out of p99.9, and the extra load stays
 * small.
 */
class HedgingFigureTest {

  private static final int BACKENDS = 10;
  private static final int CALLERS = 8;
  private static final int CALLS = 2_400;
  private static final int WARMUP = 400;
  private static final long STALL_MILLIS = 300;
  private static final double STALL_SHARE = 0.01;

  private final List<HttpServer> servers = new ArrayList<>();
  private final AtomicLong received = new AtomicLong();
  private volatile double stallShare;
  private ExecutorService serverThreads;
  private ExecutorService callers;

  @BeforeEach
  void start() throws IOException {
    serverThreads = Executors.newFixedThreadPool(48);
    callers = Executors.newFixedThreadPool(CALLERS);
    for (int i = 0; i < BACKENDS; i++) {
      HttpServer server = LoopbackServers.create(64);
      server.setExecutor(serverThreads);
      server.createContext(
          "/",
          exchange -> {
            received.incrementAndGet();
            boolean stall = ThreadLocalRandom.current().nextDouble() < stallShare;
            try {
              Thread.sleep(stall ? STALL_MILLIS : 1);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            byte[] body = "ok".getBytes();
            try {
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            } catch (IOException e) {
              // the client hung up (a cancelled hedge): nothing to answer
            }
          });
      server.start();
      servers.add(server);
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
    serverThreads.shutdownNow();
    callers.shutdownNow();
  }

  /** One row of the table. */
  private record Row(String name, long p50, long p99, long p999, double extraLoadPercent) {}

  private Row run(String name, double stalls, Optional<HedgePolicy> hedge) throws Exception {
    stallShare = stalls;
    try (ServiceMesh mesh = ServiceMesh.builder().build()) {
      for (HttpServer s : servers) {
        mesh.registry().register("svc", "v1", Endpoint.of("127.0.0.1", s.getAddress().getPort()));
      }
      DestinationPolicy.Builder policy =
          DestinationPolicy.custom().loadBalancing(LoadBalancingPolicy.LEAST_REQUEST);
      hedge.ifPresent(policy::hedging);
      mesh.policy("svc", policy.build());
      MeshHttpClient http = MeshHttpClient.builder(mesh).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://svc/item")).build();
      send(http, request, WARMUP);
      received.set(0);
      long[] latencies = send(http, request, CALLS);
      long extra = received.get() - CALLS;
      Arrays.sort(latencies);
      return new Row(
          name,
          at(latencies, 50),
          at(latencies, 99),
          at(latencies, 99.9),
          100.0 * Math.max(0, extra) / CALLS);
    }
  }

  private long[] send(MeshHttpClient http, HttpRequest request, int calls) throws Exception {
    long[] latencies = new long[calls];
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> running = new ArrayList<>();
    for (int c = 0; c < CALLERS; c++) {
      running.add(
          callers.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                  long t0 = System.nanoTime();
                  HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                  latencies[i] = System.nanoTime() - t0;
                  assertThat(r.statusCode()).isEqualTo(200);
                }
                return null;
              }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    return latencies;
  }

  private static long at(long[] sorted, double percentile) {
    int index = (int) Math.ceil(sorted.length * percentile / 100.0) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  @Test
  void hedgingKeepsStallsOutOfTheTail() throws Exception {
    // A first run warms the JIT and the connection pools up, so the reference row is not the
    // coldest.
    run("warm-up", STALL_SHARE, Optional.of(HedgePolicy.custom().build()));
    Row fast = run("fast backends only, no hedging", 0, Optional.empty());
    Row stalled = run("1% stalls, no hedging", STALL_SHARE, Optional.empty());
    Row fixed =
        run(
            "1% stalls, hedge after 10 ms",
            STALL_SHARE, Optional.of(HedgePolicy.custom().delay(Duration.ofMillis(10)).build()));
    Row p95 =
        run(
            "1% stalls, hedge after p95",
            STALL_SHARE,
            Optional.of(
                HedgePolicy.custom()
                    .delay(Duration.ofMillis(10))
                    .percentileDelay(95)
                    .window(Duration.ofSeconds(5))
                    .build()));
    System.out.printf(
        "%nHedging over loopback HTTP: %d backends (1 ms; %.0f%% of requests stall %d ms),"
            + " %d callers, %d calls per row%n",
        BACKENDS, STALL_SHARE * 100, STALL_MILLIS, CALLERS, CALLS);
    System.out.printf(
        "| run | p50 ms | p99 ms | p99.9 ms | extra load |%n| --- | --- | --- | --- | --- |%n");
    for (Row r : List.of(fast, stalled, fixed, p95)) {
      System.out.printf(
          "| %s | %.2f | %.2f | %.2f | %.1f%% |%n",
          r.name(), r.p50() / 1e6, r.p99() / 1e6, r.p999() / 1e6, r.extraLoadPercent());
    }
    long stall = Duration.ofMillis(STALL_MILLIS).toNanos();
    assertThat(stalled.p999()).as("the stalls reach the unhedged tail").isGreaterThan(stall);
    for (Row hedged : List.of(fixed, p95)) {
      assertThat(hedged.p999()).as(hedged.name() + ": p99.9").isLessThan(stall * 8 / 10);
      assertThat(hedged.extraLoadPercent()).as(hedged.name() + ": extra load").isLessThan(20);
    }
  }
}
