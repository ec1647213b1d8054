package dev.cloudnative.core.runtime;

import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.inmemory.InMemoryContainerEngine;
import dev.cloudnative.docker.inmemory.InMemoryDaemon;
import dev.cloudnative.kubernetes.Cluster;
import dev.cloudnative.kubernetes.ClusterContractTest;
import dev.cloudnative.kubernetes.PodInfo;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.inmemory.InMemoryCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The cluster contract on the embedded cluster as the facade builds it: every pod is a container of
 * the in-memory engine, whose program {@code web-server} really listens on the pod's published
 * loopback port, answers every path with 200 (so the contract's {@code /ready} probe passes) and
 * writes {@code /log/<line>} to its stdout, the pod's log. The contract's images are built into the
 * engine first; {@code nginx:broken} runs busybox {@code false} and crash-loops.
 */
class EmbeddedClusterContractTest extends ClusterContractTest {

  private static final List<String> SERVING =
      List.of(
          "nginx:1.26", "nginx:1.27", "busybox:1.36", "api:1", "worker:1", "cron:1", "hello:1.0");
  private final HttpClient http = HttpClient.newHttpClient();
  private InMemoryContainerEngine engine;

  @Override
  protected Cluster newCluster() {
    engine =
        InMemoryDaemon.builder()
            .anyRegistry()
            .busybox()
            .program(
                "web-server",
                ctx -> {
                  HttpServer server =
                      HttpServer.create(
                          new InetSocketAddress(
                              InetAddress.getLoopbackAddress(), ctx.hostPort(8080)),
                          0);
                  server.createContext(
                      "/",
                      exchange -> {
                        String path = exchange.getRequestURI().getPath();
                        if (path.startsWith("/log/")) {
                          ctx.out(path.substring("/log/".length()));
                        }
                        exchange.sendResponseHeaders(200, -1);
                        exchange.close();
                      });
                  server.start();
                  try {
                    while (!ctx.awaitStop(Duration.ofSeconds(1))) {
                      // serve until stopped
                    }
                  } finally {
                    server.stop(0);
                  }
                  return 0;
                })
            .build()
            .connect();
    for (String image : SERVING) {
      build(image, "[\"web-server\"]");
    }
    build("nginx:broken", "[\"/bin/busybox\", \"false\"]");
    return InMemoryCluster.builder()
        .defaultNamespace(NS)
        .runtime(ContainerPodRuntime.on(engine))
        .restartBackOff(Duration.ofMillis(50), Duration.ofMillis(500))
        .terminationGracePeriod(Duration.ZERO)
        .build();
  }

  private void build(String image, String cmd) {
    try {
      Path context = Files.createTempDirectory("contract-image");
      Files.writeString(
          context.resolve("Dockerfile"), "FROM scratch\nEXPOSE 8080\nCMD " + cmd + "\n");
      engine.build(ImageBuild.fromDirectory(context).tag(image).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void closeEngine() {
    cluster.close(); // the pods' containers go first
    engine.close();
  }

  @Override
  protected AutoCloseable playController(String namespace, String name) {
    return () -> {}; // the cluster's own controllers and kubelet drive the rollout, in real time
  }

  @Override
  protected void runPods(String namespace, String name) {
    cluster.awaitRollout(namespace, name, Duration.ofSeconds(60), RolloutListener.NONE);
  }

  /**
   * Asks the pod's server to write each line: what the application writes is what the pod's log
   * holds.
   */
  @Override
  protected void writeLogTail(String namespace, String pod, String... lines) {
    PodInfo info =
        cluster.pods(namespace, Map.of()).stream()
            .filter(p -> p.name().equals(pod))
            .findFirst()
            .orElseThrow();
    for (String line : lines) {
      String url =
          "http://"
              + info.ip()
              + ":"
              + info.port(8080)
              + "/log/"
              + URLEncoder.encode(line, StandardCharsets.UTF_8).replace("+", "%20");
      try {
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  protected void makeImageMissing(String namespace, String name, String image) {
    // nothing to do: the image was never built, and the embedded registry has no such reference
  }

  @Override
  protected void makeRolloutStuck(String namespace, String name, String image) {
    // nothing to do: nginx:broken exits at once, so its pods crash-loop and never become ready
  }
}
