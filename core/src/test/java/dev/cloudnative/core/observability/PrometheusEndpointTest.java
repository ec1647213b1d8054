package dev.cloudnative.core.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scrape endpoint over real loopback HTTP, as Prometheus reads it. */
class PrometheusEndpointTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void servesTheRegistryInTheTextFormatAndCountsScrapes() throws Exception {
    Counter.builder("orders.placed").tag("region", "eu").register(registry).increment(3);
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.onLoopback(registry, 0)) {
      assertThat(endpoint.uri().toString()).startsWith("http://127.0.0.1:").endsWith("/metrics");
      assertThat(endpoint.scrapes()).isZero();

      HttpResponse<String> r = get(endpoint.uri());

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .contains("text/plain; version=0.0.4; charset=utf-8");
      assertThat(r.body()).contains("orders_placed_total{region=\"eu\"} 3.0");
      assertThat(endpoint.awaitScrapes(1, Duration.ofSeconds(10))).isTrue();
      assertThat(endpoint.scrapes()).isEqualTo(1);
      assertThat(endpoint.awaitScrapes(2, Duration.ofMillis(50))).isFalse();
    }
  }

  @Test
  void refusesOtherMethodsThanGetAndHead() throws Exception {
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.onLoopback(registry, 0)) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(endpoint.uri())
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).contains("GET, HEAD");
      assertThat(endpoint.scrapes()).isZero();
    }
  }

  @Test
  void closeIsIdempotentAndStopsServing() throws Exception {
    PrometheusEndpoint endpoint = PrometheusEndpoint.onLoopback(registry, 0);
    URI uri = endpoint.uri();
    endpoint.close();
    endpoint.close();

    assertThatThrownBy(endpoint::address)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
    assertThatThrownBy(() -> endpoint.awaitScrapes(1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> get(uri)).isInstanceOf(java.io.IOException.class);
  }

  @Test
  void badInputIsRefusedWithWhatIsAllowed() {
    assertThatThrownBy(() -> PrometheusEndpoint.onLoopback(null, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("registry");
    assertThatThrownBy(() -> PrometheusEndpoint.onLoopback(registry, 70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0..65535")
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> PrometheusEndpoint.on(registry, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("address");
    assertThatThrownBy(
            () -> PrometheusEndpoint.on(registry, InetSocketAddress.createUnresolved("x", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unresolved");
    try (PrometheusEndpoint endpoint = PrometheusEndpoint.onLoopback(registry, 0)) {
      assertThatThrownBy(() -> endpoint.awaitScrapes(1, Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("negative");
      assertThatThrownBy(() -> endpoint.awaitScrapes(1, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("timeout");
    }
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
