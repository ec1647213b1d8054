package dev.cloudnative.docker.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.docker.ContainerEngine;
import dev.cloudnative.docker.ContainerSpec;
import dev.cloudnative.docker.ContainerState;
import dev.cloudnative.docker.ImageBuild;
import dev.cloudnative.docker.LogLine;
import dev.cloudnative.docker.LogOptions;
import dev.cloudnative.docker.PortBinding;
import dev.cloudnative.docker.WaitStrategy;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in busybox httpd over real loopback HTTP, in the image the examples build for Docker:
 * FROM scratch, the page under /www, {@code CMD
 * ["/bin/busybox","httpd","-f","-p","8080","-h","/www"]}, port 8080 published on 127.0.0.1.
 */
@Timeout(60)
class BusyboxHttpdTest {
  private static final String PAGE = "<h1>shop 1.0</h1>\n";
  private static final String IMAGE = "shop:1.0";

  @TempDir Path tmp;
  private ContainerEngine engine;
  private String container;
  private int port;

  @BeforeEach
  void buildAndRunTheShopImage() throws IOException {
    engine = InMemoryContainerEngine.create();
    Files.writeString(tmp.resolve("index.html"), PAGE);
    Files.createDirectories(tmp.resolve("sub"));
    Files.writeString(tmp.resolve("sub/page.txt"), "plain\n");
    Files.writeString(tmp.resolve("busybox"), "stands for the static binary");
    Files.writeString(
        tmp.resolve("Dockerfile"),
        String.join(
            "\n",
            "FROM scratch",
            "COPY index.html /www/index.html",
            "COPY sub /www/sub",
            "COPY busybox /bin/busybox",
            "EXPOSE 8080",
            "CMD [\"/bin/busybox\",\"httpd\",\"-f\",\"-p\",\"8080\",\"-h\",\"/www\"]",
            ""));
    engine.build(ImageBuild.fromDirectory(tmp).tag(IMAGE).build());
    container = run(ContainerSpec.builder(IMAGE));
    port = engine.inspect(container).mappedPort(8080);
  }

  private String run(ContainerSpec.Builder spec) {
    return engine.run(
        spec.publish(new PortBinding(8080, "tcp", 0, "127.0.0.1"))
            .waitingFor(
                WaitStrategy.forListeningPort(8080).withStartupTimeout(Duration.ofSeconds(10)))
            .build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void keepAliveGetsOverJavaNetHttpAnswerFast() throws Exception {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
    for (int i = 0; i < 50; i++) { // warm-up: connection set-up, JIT of both ends
      assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo(PAGE);
    }
    int n = 300;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(PAGE);
    }
    Duration mean = Duration.ofNanos((System.nanoTime() - start) / n);
    // A 40 ms Nagle/delayed-ACK stall on every keep-alive answer would put the mean near 40 ms;
    // loopback
    // answers take well under a millisecond, so 20 ms leaves room for a loaded 2-core machine.
    assertThat(mean).isLessThan(Duration.ofMillis(20));
  }

  @Test
  void javaNetHttpReusesOneConnection() throws Exception {
    // -v logs "IP:PORT: response:CODE" per request; one client port means one connection.
    String verbose =
        run(
            ContainerSpec.builder(IMAGE)
                .name("shop-verbose")
                .command("/bin/busybox", "httpd", "-f", "-v", "-p", "8080", "-h", "/www"));
    int p = engine.inspect(verbose).mappedPort(8080);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 20; i++) {
      http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/index.html")).build(),
          HttpResponse.BodyHandlers.ofString());
    }
    List<String> log =
        engine.logs(verbose, LogOptions.all()).lines().stream()
            .map(LogLine::text)
            .filter(l -> l.contains("response:"))
            .toList();
    assertThat(log).hasSize(20).allMatch(l -> l.matches("127\\.0\\.0\\.1:\\d+: response:200"));
    assertThat(log.stream().map(l -> l.substring(0, l.indexOf(": "))).distinct()).hasSize(1);
  }

  @Test
  void oneSocketCarriesManyRequestsAndEachAnswerIsBusyboxs() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(5000);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      for (int i = 0; i < 100; i++) {
        Reply r = exchange(in, out, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(r.headers())
            .containsEntry("content-type", "text/html")
            .doesNotContainKey("connection");
        assertThat(r.body()).isEqualTo(PAGE);
      }
      Reply head = exchange(in, out, "HEAD /index.html HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(head.status()).isEqualTo("HTTP/1.1 200 OK");
      assertThat(head.headers()).containsEntry("content-length", "18");
      assertThat(head.body()).isEmpty();
      Reply txt = exchange(in, out, "GET /sub/page.txt?cache=no HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(txt.headers()).containsEntry("content-type", "text/plain");
      assertThat(txt.body()).isEqualTo("plain\n");
      Reply dir = exchange(in, out, "GET /sub HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(dir.status()).isEqualTo("HTTP/1.1 302 Found");
      assertThat(dir.headers()).containsEntry("location", "/sub/");
      Reply noIndex = exchange(in, out, "GET /sub/ HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(noIndex.status()).isEqualTo("HTTP/1.1 404 Not Found");
      Reply missing = exchange(in, out, "GET /nope.html HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(missing.status()).isEqualTo("HTTP/1.1 404 Not Found");
      assertThat(missing.body())
          .isEqualTo(
              "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n"
                  + "<BODY><H1>404 Not Found</H1>\n"
                  + "The requested URL was not found\n"
                  + "</BODY></HTML>\n");
      Reply encoded = exchange(in, out, "GET /index%2Ehtml HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(encoded.body()).isEqualTo(PAGE);
      Reply last = exchange(in, out, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertThat(last.headers()).containsEntry("connection", "close");
      assertThat(in.read()).as("closed after Connection: close").isEqualTo(-1);
    }
  }

  @Test
  void badRequestsGetBusyboxsErrorsAndTheConnectionCloses() throws Exception {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("GET /../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 Bad Request");
    cases.put(
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 501 Not Implemented");
    cases.put("GARBAGE\r\n\r\n", "HTTP/1.1 400 Bad Request");
    cases.put(
        "GET / HTTP/1.0\r\n\r\n",
        "HTTP/1.1 200 OK"); // 1.0 without keep-alive: answered, then closed
    for (Map.Entry<String, String> c : cases.entrySet()) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(5000);
        InputStream in = new BufferedInputStream(s.getInputStream());
        Reply r = exchange(in, s.getOutputStream(), c.getKey());
        assertThat(r.status()).as(c.getKey()).isEqualTo(c.getValue());
        assertThat(r.headers()).as(c.getKey()).containsEntry("connection", "close");
        assertThat(in.read()).as(c.getKey()).isEqualTo(-1);
      }
    }
  }

  @Test
  void stopEndsTheServerAndItsKeepAliveConnectionsPromptly() throws Exception {
    try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), port)) {
      idle.setSoTimeout(5000);
      InputStream in = new BufferedInputStream(idle.getInputStream());
      assertThat(exchange(in, idle.getOutputStream(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n").body())
          .isEqualTo(PAGE);
      long start = System.nanoTime();
      engine.stop(container, Duration.ofSeconds(10));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isLessThan(Duration.ofSeconds(2));
      assertThat(engine.inspect(container).state()).isEqualTo(ContainerState.EXITED);
      assertThat(engine.inspect(container).exitCode()).hasValue(143);
      assertThat(in.read()).as("the kept-alive connection is closed by stop").isEqualTo(-1);
    }
    // The listening socket closes in the program's own shutdown, which may finish just after the
    // container is
    // reported exited and its connections closed: give it a generous bound rather than none.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        Thread.sleep(20);
      } catch (ConnectException e) {
        refused = true;
      }
    }
    assertThat(refused)
        .as("port %d refuses connections after stop; listeners:%n%s", port, listeners())
        .isTrue();
  }

  /**
   * What listens on this machine, for the message of a failed assertion (ss from iproute2, when
   * installed).
   */
  private static String listeners() {
    try {
      Process ss = new ProcessBuilder("ss", "-ltnp").redirectErrorStream(true).start();
      return new String(
          ss.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(ss not available: " + e.getMessage() + ")";
    }
  }

  @Test
  void withoutForegroundHttpdDaemonizesSoTheMainProcessExitsZero() {
    String id =
        engine.run(
            ContainerSpec.builder(IMAGE)
                .command("/bin/busybox", "httpd", "-p", "8080", "-h", "/www")
                .publish(8080)
                .build());
    assertThat(engine.waitForExit(id, Duration.ofSeconds(10))).isZero();
  }

  @Test
  void anUnpublishedPortServesNobodyButTheProcessRunsUntilStopped() {
    String id = engine.run(ContainerSpec.builder(IMAGE).build());
    assertThat(engine.inspect(id).state()).isEqualTo(ContainerState.RUNNING);
    engine.stop(id, Duration.ofSeconds(5));
    assertThat(engine.inspect(id).exitCode()).hasValue(143);
  }

  @Test
  void anUnmodelledOptionExitsOneWithUsageOnStderr() {
    String bad =
        engine.run(
            ContainerSpec.builder(IMAGE).command("httpd", "-f", "-c", "/etc/httpd.conf").build());
    assertThat(engine.waitForExit(bad, Duration.ofSeconds(10))).isEqualTo(1);
    assertThat(engine.logs(bad, LogOptions.all()).stderr())
        .contains("httpd: option -c is not modelled")
        .contains("Usage: httpd");
  }

  /** One response: status line, lower-cased headers, body (by Content-Length). */
  private record Reply(String status, Map<String, String> headers, String body) {}

  private static Reply exchange(InputStream in, OutputStream out, String request)
      throws IOException {
    out.write(request.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    String status = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
    }
    boolean head = request.startsWith("HEAD");
    int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
    String body = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    return new Reply(status, headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException(
            "connection closed mid-response after " + b.toString(StandardCharsets.ISO_8859_1));
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}
