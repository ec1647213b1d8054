package dev.cloudnative.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.core.testing.Engines;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-app example, run as its own JVM with its Prometheus scrape endpoint on, is scraped by
 * the real Prometheus server {@code .ci/engines} starts (config {@code .ci/prometheus.yml}); the
 * test then asks Prometheus's HTTP API for the mesh, store, pipeline and workflow series the
 * example produced and finds each with a non-zero value. The example waits for one scrape after its
 * traffic before it undeploys, so the final figures are in Prometheus; the queries use {@code
 * max_over_time} because the series go stale once the example has exited.
 */
class PrometheusScrapeTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** PromQL, each evaluated over the example's own target, that must be above zero. */
  private static final List<String> SERIES =
      List.of(
          "mesh_request_duration_seconds_count{service=\"shop\"}",
          "mesh_call_duration_seconds_count{service=\"shop\"}",
          "storage_operation_duration_seconds_count",
          "pipeline_step_duration_seconds_count{pipeline=\"release-shop\"}",
          "pipeline_run_duration_seconds_count{pipeline=\"release-shop\"}",
          "cloudnative_workflow_duration_seconds_count{workflow=\"deploy\"}",
          "security_logins_total{outcome=\"success\"}",
          "security_token_verifications_total{outcome=\"success\"}");

  @TempDir Path work;

  @Test
  void prometheusScrapesTheWholeAppsMeshStorePipelineAndWorkflowSeries() throws Exception {
    String prometheus = Engines.require("CLOUDNATIVE_PROMETHEUS_URL", PrometheusScrapeTest.class);
    Path targets =
        Path.of(Engines.require("CLOUDNATIVE_PROMETHEUS_TARGETS", PrometheusScrapeTest.class));
    int port = freeLoopbackPort();
    String instance = "127.0.0.1:" + port;
    Path target =
        targets.resolve("examples-" + ProcessHandle.current().pid() + "-" + port + ".json");
    Files.writeString(
        target, "[{\"targets\": [\"" + instance + "\"], \"labels\": {\"suite\": \"examples\"}}]");
    try {
      String output =
          ExampleJvm.run(
              CloudNativeAppExample.class.getName(),
              "",
              work,
              Map.of(
                  CloudNativeAppExample.METRICS_PORT,
                  Integer.toString(port),
                  CloudNativeAppExample.METRICS_AWAIT_SCRAPE,
                  "90"));
      assertThat(output).contains("metrics: http://" + instance + "/metrics");
      assertThat(output).contains("metrics: scraped before undeploy");

      Map<String, Double> found = new LinkedHashMap<>();
      for (String series : SERIES) {
        String withInstance = withInstance(series, instance);
        String query = "sum(max_over_time(" + withInstance + "[15m]))";
        OptionalDouble value = awaitValue(prometheus, query, Duration.ofSeconds(60));
        assertThat(value).as("Prometheus has %s", query).isPresent();
        found.put(series, value.getAsDouble());
      }
      System.out.println("[prometheus] " + found);
      assertThat(found.values()).allSatisfy(v -> assertThat(v).isPositive());

      // The example's series as Prometheus stored them (names only), for the record.
      Set<String> names = seriesNames(prometheus, instance);
      System.out.println(
          "[prometheus] " + names.size() + " series names of " + instance + ": " + names);
      assertThat(names)
          .contains(
              "mesh_request_duration_seconds_bucket",
              "storage_operation_duration_seconds_count",
              "pipeline_step_duration_seconds_count");
    } finally {
      Files.deleteIfExists(target);
    }
  }

  private static Set<String> seriesNames(String prometheus, String instance)
      throws IOException, InterruptedException {
    long start = System.currentTimeMillis() / 1000 - 900;
    URI uri =
        URI.create(
            prometheus
                + "/api/v1/series?start="
                + start
                + "&match[]="
                + URLEncoder.encode("{instance=\"" + instance + "\"}", StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("series -> %s", response.body()).isEqualTo(200);
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(response.body());
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static final Pattern NAME = Pattern.compile("\"__name__\":\"([^\"]+)\"");

  private static String withInstance(String series, String instance) {
    String label = "instance=\"" + instance + "\"";
    int brace = series.indexOf('{');
    return brace < 0
        ? series + "{" + label + "}"
        : series.substring(0, brace + 1) + label + "," + series.substring(brace + 1);
  }

  // Prometheus ingests a scrape within a second of it; the example waited for one, so the value is
  // normally there at the first query. The deadline only covers a slow machine.
  private static OptionalDouble awaitValue(String prometheus, String query, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      OptionalDouble value = firstValue(query(prometheus, query));
      if ((value.isPresent() && value.getAsDouble() > 0) || System.nanoTime() > deadline) {
        return value;
      }
      Thread.sleep(500);
    }
  }

  private static String query(String prometheus, String promql)
      throws IOException, InterruptedException {
    URI uri =
        URI.create(
            prometheus
                + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s -> %s", promql, response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"status\":\"success\"");
    return response.body();
  }

  // The first sample of an instant-vector answer: ..."value":[<time>,"<number>"]...
  private static final Pattern VALUE = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]+)\"\\]");

  private static OptionalDouble firstValue(String body) {
    Matcher m = VALUE.matcher(body);
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
