package dev.cloudnative.docker.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cloudnative.docker.DockerException;
import dev.cloudnative.docker.EngineConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Podman answers a start with HTTP 500 "read /proc/PID/cgroup: no such process" when the
 * container's process ends before the engine has read its cgroup (containers/podman#16383): a
 * container that did start is then started, one that did not is a failure. Driven by a loopback
 * stub of the two Docker API calls involved, since the race cannot be provoked on demand.
 */
@Timeout(60)
class StartRaceTest {

  private static final String RACE =
      "{\"message\":\"OCI runtime error: read /proc/5311/cgroup: no such process\"}";

  private HttpServer server;
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stopStub() {
    server.stop(0);
  }

  private void answer(HttpExchange x) throws IOException {
    String path = x.getRequestURI().getPath();
    calls.add(x.getRequestMethod() + " " + path);
    if (path.endsWith("/_ping")) {
      reply(x, 200, "OK", "text/plain");
    } else if (path.endsWith("/version")) {
      reply(x, 200, "{\"ApiVersion\":\"1.41\",\"Version\":\"5.0.0\"}", "application/json");
    } else if (path.endsWith("/start")) {
      reply(x, 500, RACE, "application/json");
    } else if (path.endsWith("/containers/ran/json")) {
      reply(x, 200, state("exited", "2026-12-03T13:13:40.645Z"), "application/json");
    } else if (path.endsWith("/containers/never/json")) {
      reply(x, 200, state("created", "0001-01-01T00:00:00Z"), "application/json");
    } else if (path.endsWith("/volumes")) {
      reply(x, 200, "{\"Volumes\":[],\"Warnings\":[]}", "application/json");
    } else if (x.getRequestMethod().equals("GET")) {
      reply(x, 200, "[]", "application/json"); // the lists close() walks for session cleanup
    } else {
      reply(x, 404, "{\"message\":\"no such route\"}", "application/json");
    }
  }

  private static String state(String status, String startedAt) {
    return "{\"Id\":\"0123\",\"State\":{\"Status\":\""
        + status
        + "\",\"StartedAt\":\""
        + startedAt
        + "\",\"ExitCode\":0}}";
  }

  private static void reply(HttpExchange x, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", type);
    x.getResponseHeaders().add("Api-Version", "1.41");
    x.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(bytes);
    }
  }

  private DockerEngine engine() {
    return DockerEngine.connect(
        EngineConfig.custom()
            .host("tcp://127.0.0.1:" + server.getAddress().getPort())
            .connectTimeout(Duration.ofSeconds(5))
            .build());
  }

  @Test
  void aContainerThatStartedAndEndedDuringTheStartIsStarted() {
    try (DockerEngine engine = engine()) {
      engine.start("ran");
    }
    assertThat(calls).anyMatch(c -> c.endsWith("/containers/ran/start"));
    assertThat(calls).anyMatch(c -> c.endsWith("/containers/ran/json"));
  }

  @Test
  void aContainerThatNeverStartedIsAFailureNamingTheEngineAnswer() {
    try (DockerEngine engine = engine()) {
      assertThatThrownBy(() -> engine.start("never"))
          .isInstanceOf(DockerException.class)
          .hasMessageContaining("500")
          .hasMessageContaining("no such process");
    }
  }
}
