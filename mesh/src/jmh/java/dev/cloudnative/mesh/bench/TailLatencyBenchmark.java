package dev.cloudnative.mesh.bench;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.PeakEwmaConfig;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.http.MeshHttpClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tail latency of real HTTP calls over loopback (issue 16's figure): 10 JDK {@link HttpServer}
 * backends, each answering after {@code fastMillis}, except one that takes 10× as long ({@code
 * slowBackends = 1}; 0 gives the all-fast baseline), and 8 calling threads sending through {@link
 * MeshHttpClient}. JMH's sample mode reports p50, p99 and p99.9 per balancer. The backends sleep,
 * so the figures are dominated by the schedule the balancer makes, not by the CPU.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class TailLatencyBenchmark {

  @Param({"ROUND_ROBIN", "LEAST_REQUEST", "PEAK_EWMA"})
  public LoadBalancingPolicy policy;

  @Param({"1"})
  public int slowBackends;

  @Param({"2"})
  public int fastMillis;

  /** Peak-EWMA's time constant (Finagle's and Linkerd's default 10 s). */
  @Param({"10000"})
  public int decayMillis;

  private final List<HttpServer> servers = new ArrayList<>();
  private ExecutorService serverThreads;
  private ServiceMesh mesh;
  private MeshHttpClient http;
  private HttpRequest request;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    // The JDK server sends headers and body as separate segments; Nagle would add 40 ms.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    serverThreads = Executors.newFixedThreadPool(64);
    mesh = ServiceMesh.builder().build();
    mesh.policy(
        "bench",
        DestinationPolicy.custom()
            .loadBalancing(policy)
            .peakEwma(PeakEwmaConfig.custom().decay(Duration.ofMillis(decayMillis)).build())
            .build());
    for (int i = 0; i < 10; i++) {
      long sleep = i < slowBackends ? 10L * fastMillis : fastMillis;
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      server.setExecutor(serverThreads);
      server.createContext(
          "/",
          exchange -> {
            try {
              Thread.sleep(sleep);
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
      mesh.registry()
          .register("bench", "v1", Endpoint.of("127.0.0.1", server.getAddress().getPort()));
    }
    http = MeshHttpClient.builder(mesh).build();
    request = HttpRequest.newBuilder(URI.create("http://bench/item")).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    servers.forEach(s -> s.stop(0));
    serverThreads.shutdownNow();
    mesh.close();
  }

  @Benchmark
  @Threads(8)
  public int call() {
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
