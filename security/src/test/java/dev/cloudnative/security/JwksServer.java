package dev.cloudnative.security;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A JWKS endpoint on 127.0.0.1 (JDK HTTP server) that counts its requests and answers what the test
 * says: a document (computed per request, so a rotating key ring is served as it is now), a status,
 * a delay, or an unbounded (chunked) body. Thread-safe.
 */
final class JwksServer implements AutoCloseable {

  /** One answer: status, body, headers as name/value pairs, a delay, and chunked or not. */
  record Answer(
      int status, Supplier<String> body, List<String> headers, Duration delay, boolean chunked) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile Answer answer = new Answer(404, () -> "", List.of(), Duration.ZERO, false);

  private JwksServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static JwksServer start() {
    try {
      return new JwksServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
  }

  /** Serves {@code body} with 200 and the given header name/value pairs. */
  JwksServer serve(Supplier<String> body, String... headers) {
    answer = new Answer(200, body, List.of(headers), Duration.ZERO, false);
    return this;
  }

  JwksServer serve(Answer a) {
    answer = a;
    return this;
  }

  JwksServer fail(int status) {
    answer = new Answer(status, () -> "{\"error\":\"down\"}", List.of(), Duration.ZERO, false);
    return this;
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    Answer a = answer;
    try (exchange) {
      if (!a.delay().isZero()) {
        try {
          Thread.sleep(a.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] body = a.body().get().getBytes(StandardCharsets.UTF_8);
      for (int i = 0; i + 1 < a.headers().size(); i += 2) {
        exchange.getResponseHeaders().add(a.headers().get(i), a.headers().get(i + 1));
      }
      exchange.getResponseHeaders().set("Content-Type", "application/jwk-set+json");
      exchange.sendResponseHeaders(a.status(), a.chunked() ? 0 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      } catch (IOException e) {
        // The client hung up (it refuses oversized bodies): nothing left to answer.
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
