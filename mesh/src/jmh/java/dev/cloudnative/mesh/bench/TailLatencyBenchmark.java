package dev.cloudnative.mesh.bench;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointStats;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.PeakEwmaConfig;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.SubsetStats;
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
import java.util.concurrent.ThreadLocalRandom;
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
 * backends, each answering after {@code fastMillis}, and 8 calling threads sending through {@link
 * MeshHttpClient}. {@code scenario}: {@code SLOW} makes one backend take 10× as long, {@code
 * STALLS} makes one backend stall for {@code stallMillis} on 1% of its requests, {@code FAST} has
 * only fast backends (the baseline). JMH's sample mode reports p50, p99 and p99.9 per balancer; at
 * the end of a trial the share of requests the odd backend answered is printed. The backends sleep,
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

  @Param({"SLOW", "STALLS", "FAST"})
  public String scenario;

  @Param({"300"})
  public int stallMillis;

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
  private String oddId;

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
      boolean odd = i == 0;
      long sleep = odd && scenario.equals("SLOW") ? 10L * fastMillis : fastMillis;
      boolean stalls = odd && scenario.equals("STALLS");
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      server.setExecutor(serverThreads);
      server.createContext(
          "/",
          exchange -> {
            try {
              Thread.sleep(
                  stalls && ThreadLocalRandom.current().nextInt(100) == 0 ? stallMillis : sleep);
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
      Endpoint endpoint = Endpoint.of("127.0.0.1", server.getAddress().getPort());
      if (odd) {
        oddId = endpoint.id();
      }
      mesh.registry().register("bench", "v1", endpoint);
    }
    http = MeshHttpClient.builder(mesh).build();
    request = HttpRequest.newBuilder(URI.create("http://bench/item")).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    long all = 0;
    long odd = 0;
    for (SubsetStats subset : mesh.stats("bench").orElseThrow().subsets().values()) {
      for (EndpointStats e : subset.endpoints()) {
        all += e.requests();
        odd += e.endpoint().id().equals(oddId) ? e.requests() : 0;
      }
    }
    System.out.printf(
        "%n%s %s decay=%d ms: the odd backend answered %d of %d requests (%.4f%%)%n",
        policy, scenario, decayMillis, odd, all, all == 0 ? 0.0 : 100.0 * odd / all);
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
