package dev.cloudnative.mesh.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.HedgePolicy;
import dev.cloudnative.mesh.ServiceMesh;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hedging over real loopback HTTP: a backend that reads each request and never answers (a raw
 * socket that waits for the client to hang up) and two JDK {@link HttpServer} backends that answer
 * at once. The stalled backend is weighted so that it takes the first attempt; the hedge answers,
 * and the losing exchange is really aborted: the stalled backend sees its connection closed, once
 * per request it received.
 */
class HedgingHttpTest {

  private static final int CALLS = 5;

  private final AtomicInteger stalledRequests = new AtomicInteger();
  private final Semaphore hungUp = new Semaphore(0);
  private ServerSocket stalled;
  private ExecutorService stalledThreads;
  private ExecutorService serverThreads;
  private HttpServer fastA;
  private HttpServer fastB;

  @BeforeEach
  void start() throws IOException {
    stalled = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    stalledThreads = Executors.newCachedThreadPool();
    stalledThreads.execute(
        () -> {
          while (!stalled.isClosed()) {
            try {
              Socket s = stalled.accept();
              stalledThreads.execute(() -> holdUntilHangUp(s));
            } catch (IOException e) {
              return; // closed by the test
            }
          }
        });
    serverThreads = Executors.newFixedThreadPool(4);
    fastA = fast();
    fastB = fast();
  }

  private HttpServer fast() throws IOException {
    HttpServer server = LoopbackServers.create(16);
    server.setExecutor(serverThreads);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = "fast".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  /** Reads one request head, then waits for the client to close the connection. */
  private void holdUntilHangUp(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream()) {
      int matched = 0;
      int b;
      byte[] end = {'\r', '\n', '\r', '\n'};
      while (matched < 4 && (b = in.read()) != -1) {
        matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      if (matched < 4) {
        return; // a connection without a request (none expected)
      }
      stalledRequests.incrementAndGet();
      while (in.read() != -1) {
        // a request with a body would arrive here; GET has none
      }
      hungUp.release();
    } catch (IOException e) {
      hungUp.release(); // reset by the client: hung up too
    }
  }

  @AfterEach
  void stop() throws Exception {
    stalled.close();
    stalledThreads.shutdownNow();
    fastA.stop(0);
    fastB.stop(0);
    serverThreads.shutdownNow();
  }

  @Test
  void theHedgeAnswersAndTheStalledExchangeIsAborted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (ServiceMesh mesh = ServiceMesh.builder().meterRegistry(registry).build()) {
      mesh.registry().register("svc", "v1", Endpoint.of("127.0.0.1", stalled.getLocalPort(), 1000));
      mesh.registry().register("svc", "v1", Endpoint.of("127.0.0.1", port(fastA), 1));
      mesh.registry().register("svc", "v1", Endpoint.of("127.0.0.1", port(fastB), 1));
      mesh.policy(
          "svc",
          DestinationPolicy.custom()
              .hedging(HedgePolicy.custom().delay(Duration.ofMillis(50)).build())
              .build());
      MeshHttpClient http = MeshHttpClient.builder(mesh).build();
      for (int i = 0; i < CALLS; i++) {
        long t0 = System.nanoTime();
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://svc/item/" + i)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("fast");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
      }
      assertThat(stalledRequests.get()).as("the stalled backend took first attempts").isPositive();
      assertThat(hungUp.tryAcquire(stalledRequests.get(), 20, TimeUnit.SECONDS))
          .as("every exchange the stalled backend held was aborted by the client")
          .isTrue();
      double won =
          registry.get("mesh.hedges").tag("service", "svc").tag("outcome", "won").counter().count();
      assertThat(won).isEqualTo(stalledRequests.get());
      // A cancelled exchange is no failure of the stalled endpoint.
      assertThat(mesh.stats("svc").orElseThrow().subsets().get("v1").failures()).isZero();
    }
  }

  private static int port(HttpServer server) {
    return server.getAddress().getPort();
  }
}
