package dev.cloudnative.mesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.ServiceMesh;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real traffic over loopback: four JDK {@link HttpServer} backends, one of them 10× slower (30 ms
 * against 3 ms), four client threads. Round robin gives the slow one its quarter; Peak-EWMA must
 * give it clearly less. The bound is generous (half of round robin's share): the test shows the
 * effect, JMH and the measured example measure it.
 */
class PeakEwmaHttpTest {

  private static final int REQUESTS = 400;

  private final List<HttpServer> servers = new ArrayList<>();
  private final List<AtomicInteger> hits = new ArrayList<>();
  private ExecutorService serverThreads;

  @BeforeEach
  void start() throws IOException {
    serverThreads = Executors.newFixedThreadPool(16);
    for (int i = 0; i < 4; i++) {
      long sleepMillis = i == 2 ? 30 : 3;
      AtomicInteger count = new AtomicInteger();
      HttpServer server = LoopbackServers.create(64);
      server.setExecutor(serverThreads);
      server.createContext(
          "/",
          exchange -> {
            count.incrementAndGet();
            try {
              Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            byte[] body = "ok".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      servers.add(server);
      hits.add(count);
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
    serverThreads.shutdownNow();
  }

  /**
   * @return the slow backend's share of {@link #REQUESTS} requests under {@code policy}
   */
  private double slowShare(LoadBalancingPolicy policy) throws Exception {
    hits.forEach(h -> h.set(0));
    try (ServiceMesh mesh = ServiceMesh.builder().build()) {
      mesh.policy("catalog", DestinationPolicy.custom().loadBalancing(policy).build());
      for (HttpServer s : servers) {
        mesh.registry()
            .register("catalog", "v1", Endpoint.of("127.0.0.1", s.getAddress().getPort()));
      }
      MeshHttpClient http = MeshHttpClient.builder(mesh).build();
      ExecutorService clients = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
          futures.add(
              clients.submit(
                  () ->
                      http.send(
                              HttpRequest.newBuilder(URI.create("http://catalog/item")).build(),
                              HttpResponse.BodyHandlers.discarding())
                          .statusCode()));
        }
        for (Future<Integer> f : futures) {
          assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
        }
      } finally {
        clients.shutdownNow();
      }
    }
    return hits.get(2).get() / (double) REQUESTS;
  }

  @Test
  void peakEwmaSendsTheSlowBackendClearlyLessThanRoundRobin() throws Exception {
    double roundRobin = slowShare(LoadBalancingPolicy.ROUND_ROBIN);
    double peakEwma = slowShare(LoadBalancingPolicy.PEAK_EWMA);
    assertThat(roundRobin).as("round robin's share").isBetween(0.15, 0.35);
    assertThat(peakEwma)
        .as("Peak-EWMA's share (round robin's was %.3f)", roundRobin)
        .isLessThan(roundRobin / 2);
  }
}
