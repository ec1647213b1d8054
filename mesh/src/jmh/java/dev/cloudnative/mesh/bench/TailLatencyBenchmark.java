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
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
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
// Peak-EWMA's estimates keep the first seconds' peaks for some time constants (10 s by default):
// warm-up lasts long enough for them to decay, so the figures are the steady state.
@Warmup(iterations = 4, time = 5)
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

  /**
   * The fast backends' service time. At 2 ms the 2-vCPU machine's own scheduling delays (p99.99 of
   * the fast-only run about 10 ms) are as large as the slow backend's 20 ms, and Peak-EWMA, which
   * keeps each backend's latest peak, cannot tell the two apart; at 10 ms they are a fraction of
   * it.
   */
  @Param({"10"})
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
  private long[] iterationStart = new long[2];

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
    warmUpClients();
    http = MeshHttpClient.builder(mesh).build();
    request = HttpRequest.newBuilder(URI.create("http://bench/item")).build();
  }

  /**
   * Warms the JDK's HTTP client and server code outside the mesh before the balancer sees its first
   * answer: a cold JVM answers its first calls in about 175 ms, every endpoint's first estimate
   * would be that peak, and with a 10 s time constant Peak-EWMA would take some 20 s to tell 2 ms
   * from 20 ms again, longer than JMH's warm-up. A service that has run for a while is warm; this
   * is the state the figure is about.
   */
  private void warmUpClients() {
    HttpClient plain = HttpClient.newHttpClient();
    List<URI> uris = new ArrayList<>();
    servers.forEach(
        s -> uris.add(URI.create("http://127.0.0.1:" + s.getAddress().getPort() + "/warm")));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int first = t;
      Thread thread =
          new Thread(
              () -> {
                for (int i = first; System.nanoTime() < until; i++) {
                  HttpRequest warm = HttpRequest.newBuilder(uris.get(i % uris.size())).build();
                  try {
                    plain.send(warm, HttpResponse.BodyHandlers.discarding());
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Setup(Level.Iteration)
  public void startIteration() {
    iterationStart = counts();
  }

  /** Prints each iteration's share, so that a balancer still learning shows as such. */
  @TearDown(Level.Iteration)
  public void endIteration() {
    long[] now = counts();
    long all = now[0] - iterationStart[0];
    long odd = now[1] - iterationStart[1];
    System.out.printf(
        " [odd backend: %d of %d requests, %.4f%%] ", odd, all, all == 0 ? 0.0 : 100.0 * odd / all);
  }

  /**
   * @return requests answered by all backends and by the odd one
   */
  private long[] counts() {
    long all = 0;
    long odd = 0;
    for (SubsetStats subset : mesh.stats("bench").orElseThrow().subsets().values()) {
      for (EndpointStats e : subset.endpoints()) {
        all += e.requests();
        odd += e.endpoint().id().equals(oddId) ? e.requests() : 0;
      }
    }
    return new long[] {all, odd};
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    long[] total = counts();
    System.out.printf(
        "%n%s %s decay=%d ms: the odd backend answered %d of %d requests (%.4f%%)%n",
        policy,
        scenario,
        decayMillis,
        total[1],
        total[0],
        total[0] == 0 ? 0.0 : 100.0 * total[1] / total[0]);
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
