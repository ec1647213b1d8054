package dev.cloudnative.core.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus scrape target: {@code GET /metrics} answers with every meter of one {@link
 * PrometheusMeterRegistry} in the text exposition format 0.0.4, which every Prometheus server
 * reads. It runs on the JDK's {@code com.sun.net.httpserver} with one daemon thread, so serving
 * metrics adds no web stack to the application.
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * try (CloudNative cn = CloudNative.builder().meterRegistry(registry).build();
 *     PrometheusEndpoint metrics = PrometheusEndpoint.onLoopback(registry, 0)) {
 *   // scrape metrics.uri()
 * }
 * }</pre>
 *
 * <p>Thread-safe: scrapes run on the endpoint's thread while the registry is written by the
 * application's threads (the registry is built for that).
 */
public final class PrometheusEndpoint implements AutoCloseable {

  /** The path Prometheus scrapes by default. */
  public static final String PATH = "/metrics";

  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(PrometheusEndpoint.class);

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicBoolean closed = new AtomicBoolean();

  // guarded by this; notified on every answered scrape
  private long scrapes;

  private PrometheusEndpoint(PrometheusMeterRegistry registry, InetSocketAddress address) {
    this.registry = registry;
    try {
      this.server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + address + " for Prometheus scrapes", e);
    }
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "cloudnative-prometheus-endpoint");
              t.setDaemon(true);
              return t;
            });
    server.createContext(PATH, this::scrape);
    server.setExecutor(executor);
    server.start();
    LOG.info("Prometheus scrape endpoint at {}", uri());
  }

  /**
   * Serves {@code registry} on the loopback interface at {@code port} ({@code 0} picks a free one).
   *
   * @throws IllegalArgumentException if {@code port} is outside 0..65535
   * @throws UncheckedIOException if the port cannot be bound
   */
  public static PrometheusEndpoint onLoopback(PrometheusMeterRegistry registry, int port) {
    return on(registry, new InetSocketAddress(InetAddress.getLoopbackAddress(), checkPort(port)));
  }

  /**
   * Serves {@code registry} at {@code address}; binding beyond loopback exposes every metric to
   * whoever can reach the address, so choose it deliberately.
   */
  public static PrometheusEndpoint on(PrometheusMeterRegistry registry, InetSocketAddress address) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(address, "address");
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(
          "address " + address + " is unresolved; give an IP address or a resolvable host");
    }
    return new PrometheusEndpoint(registry, address);
  }

  /** The address the endpoint listens on (the bound port when {@code 0} was asked for). */
  public InetSocketAddress address() {
    checkOpen();
    return server.getAddress();
  }

  /** {@code http://host:port/metrics}, the URL a Prometheus scrape config names. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + PATH);
  }

  /** How many scrapes the endpoint has answered. */
  public synchronized long scrapes() {
    return scrapes;
  }

  /**
   * Waits until the endpoint has answered {@code count} scrapes in all, e.g. {@code
   * awaitScrapes(scrapes() + 1, timeout)} before a short-lived program ends, so that the scraper
   * has read its final values.
   *
   * @return whether that many scrapes were answered within {@code timeout}
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public boolean awaitScrapes(long count, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (scrapes < count) {
        checkOpen();
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a scrape of " + uri(), e);
        }
      }
      return true;
    }
  }

  /** Stops serving (idempotent); the registry stays open, it belongs to its creator. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      executor.shutdownNow();
      synchronized (this) {
        notifyAll();
      }
    }
  }

  private void scrape(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
      synchronized (this) {
        scrapes++;
        notifyAll();
      }
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("Prometheus endpoint " + uri() + " is closed");
    }
  }

  private static int checkPort(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535 (0 picks a free one), got " + port);
    }
    return port;
  }
}
