package dev.cloudnative.mesh.http;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.SimulatedEndpointException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplySenderContext;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends {@link HttpRequest}s addressed to {@code http://<service>/path} through a {@link
 * ServiceMesh}: the host is the logical service; method, path and headers feed the route table; the
 * mesh picks the endpoint, applies circuit breaking, concurrency limits and retries; each attempt
 * is sent to {@code scheme://host:port/path?query} of the chosen endpoint with the attempt's
 * timeout ({@link HttpRequest.Builder#timeout}, so a hanging endpoint costs at most the per-try
 * timeout). A 5xx response counts as a failure; after the last attempt it is returned as is. A 429
 * or 503 response with {@code Retry-After} (seconds or HTTP-date, see {@link RetryAfter}) backs its
 * endpoint off for the time asked ({@link ServiceMesh#backOff}). An endpoint a simulation invented
 * ({@link Endpoint#simulated()}) is refused before any connection is opened.
 *
 * <pre>{@code
 * MeshHttpClient http = MeshHttpClient.builder(mesh).build();
 * HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://reviews/api/1")).build(),
 *         HttpResponse.BodyHandlers.ofString());
 * }</pre>
 *
 * <p>Observability: each HTTP request sent to an endpoint (each attempt) is timed as {@code
 * http.client.request.duration} (tagged after OpenTelemetry's HTTP client conventions) and runs
 * inside an {@code http.client.requests} observation on a {@link RequestReplySenderContext} whose
 * setter adds headers to the outgoing request, so that a tracing handler on the registry injects
 * W3C {@code traceparent} (see {@link ObservedHttpHandler} for the server side). The registries are
 * the mesh's ({@link ServiceMesh#meterRegistry()}, {@link ServiceMesh#observationRegistry()})
 * unless {@link Builder#meterRegistry} or {@link Builder#observationRegistry} names others; with
 * neither there are no meters and no observations.
 *
 * <p>Thread-safe (the JDK client is).
 */
public final class MeshHttpClient {

  private final ServiceMesh mesh;
  private final HttpClient client;
  private final String hashKeyHeader;
  private final Map<String, String> sourceLabels;
  private final HttpClientMeters meters;
  private final ObservationRegistry observations;

  private MeshHttpClient(Builder builder) {
    this.mesh = builder.mesh;
    this.client =
        builder.client == null
            ? HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
            : builder.client;
    this.hashKeyHeader = builder.hashKeyHeader;
    this.sourceLabels = Map.copyOf(builder.sourceLabels);
    this.meters =
        new HttpClientMeters(
            builder.meterRegistry != null
                ? Optional.of(builder.meterRegistry)
                : builder.mesh.meterRegistry());
    this.observations =
        builder.observationRegistry != null
            ? builder.observationRegistry
            : builder.mesh.observationRegistry();
  }

  /** The name of each request's observation, Micrometer's convention for HTTP clients. */
  public static final String OBSERVATION = "http.client.requests";

  /**
   * @param mesh the mesh to route through; its meter and observation registries are the client's
   *     unless the builder names others
   */
  public static Builder builder(ServiceMesh mesh) {
    return new Builder(mesh);
  }

  /**
   * Sends {@code request} through the mesh.
   *
   * @throws dev.cloudnative.mesh.MeshException (a subclass) when no endpoint could answer; I/O
   *     failures arrive as {@link dev.cloudnative.mesh.UpstreamCallException} with the cause
   *     attached
   * @throws SimulatedEndpointException when the mesh chose a simulated endpoint; nothing was sent,
   *     nothing retried
   */
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    URI uri = request.uri();
    String service = uri.getHost();
    if (service == null || service.isBlank()) {
      throw new IllegalArgumentException(
          "Request URI " + uri + " names no service; expected http://<service>/path");
    }
    MeshRequest meshRequest = toMeshRequest(request);
    return mesh.call(
        service,
        meshRequest,
        (endpoint, timeout) -> attempt(service, request, endpoint, timeout, handler),
        HttpResponse::statusCode);
  }

  private MeshRequest toMeshRequest(HttpRequest request) {
    MeshRequest.Builder b =
        MeshRequest.builder()
            .method(request.method())
            .path(
                request.uri().getRawPath() == null || request.uri().getRawPath().isEmpty()
                    ? "/"
                    : request.uri().getRawPath());
    for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
      if (!header.getValue().isEmpty()) {
        b.header(header.getKey(), header.getValue().get(0));
      }
    }
    if (hashKeyHeader != null) {
      request.headers().firstValue(hashKeyHeader).ifPresent(b::hashKey);
    }
    sourceLabels.forEach(b::sourceLabel);
    return b.build();
  }

  private <T> HttpResponse<T> attempt(
      String service,
      HttpRequest original,
      Endpoint endpoint,
      Duration timeout,
      HttpResponse.BodyHandler<T> handler)
      throws Exception {
    if (endpoint.simulated()) {
      // Nothing listens at an invented address: connecting would only cost a connect timeout (or
      // reach an
      // unrelated process that happens to own the address), and the failure would wrongly trip the
      // breaker.
      throw new SimulatedEndpointException(service, endpoint);
    }
    URI target = resolve(original.uri(), endpoint);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(target)
            .method(
                original.method(),
                original.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()))
            .expectContinue(original.expectContinue());
    original.version().ifPresent(b::version);
    original.headers().map().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
    Duration effective = timeout;
    if (original.timeout().isPresent()
        && (effective.isZero() || original.timeout().get().compareTo(effective) < 0)) {
      effective = original.timeout().get();
    }
    if (!effective.isZero()) {
      b.timeout(effective);
    }
    HttpResponse<T> response = observedSend(service, original.method(), endpoint, b, handler);
    backOffIfAsked(service, endpoint, response);
    return response;
  }

  /**
   * A 429 or 503 with {@code Retry-After} backs the endpoint off for the time it asks ({@link
   * ServiceMesh#backOff}), before the mesh sees the response, so that a retry goes elsewhere. An
   * HTTP-date is measured from the response's own {@code Date}, so the two clocks never mix.
   */
  private void backOffIfAsked(String service, Endpoint endpoint, HttpResponse<?> response) {
    int status = response.statusCode();
    if (status != 429 && status != 503) {
      return;
    }
    Optional<String> retryAfter = response.headers().firstValue(RetryAfter.HEADER);
    if (retryAfter.isEmpty()) {
      return;
    }
    Instant now =
        response.headers().firstValue("Date").flatMap(RetryAfter::httpDate).orElseGet(Instant::now);
    RetryAfter.parse(retryAfter.get(), now).ifPresent(d -> mesh.backOff(service, endpoint.id(), d));
  }

  /**
   * Sends one request inside its observation (started before the request is built, so that the
   * tracing handler's headers are on it) and times it.
   */
  private <T> HttpResponse<T> observedSend(
      String service,
      String method,
      Endpoint endpoint,
      HttpRequest.Builder request,
      HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Observation observation = Observation.NOOP;
    RequestReplySenderContext<HttpRequest.Builder, HttpResponse<?>> context = null;
    if (!observations.isNoop()) {
      RequestReplySenderContext<HttpRequest.Builder, HttpResponse<?>> ctx =
          new RequestReplySenderContext<>(HttpRequest.Builder::setHeader);
      ctx.setCarrier(request);
      ctx.setRemoteServiceName(service);
      ctx.setRemoteServiceAddress(endpoint.host() + ":" + endpoint.port());
      context = ctx;
      observation =
          Observation.createNotStarted(OBSERVATION, () -> ctx, observations)
              .contextualName("http " + method.toLowerCase(Locale.ROOT))
              .lowCardinalityKeyValue("http.request.method", method)
              .lowCardinalityKeyValue("server.address", endpoint.host())
              .lowCardinalityKeyValue("server.port", Integer.toString(endpoint.port()))
              .start();
    }
    long start = System.nanoTime();
    HttpResponse<T> response = null;
    Throwable failure = null;
    try (Observation.Scope scope = observation.openScope()) {
      response = client.send(request.build(), handler);
      return response;
    } catch (InterruptedException e) {
      failure = e;
      Thread.currentThread().interrupt();
      throw e;
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      long took = System.nanoTime() - start;
      int status = response == null ? 0 : response.statusCode();
      String errorType =
          failure != null
              ? failure.getClass().getName()
              : status >= 500 ? Integer.toString(status) : HttpClientMeters.NONE;
      meters.record(method, status, endpoint.host(), endpoint.port(), errorType, took);
      if (context != null) {
        context.setResponse(response);
        observation
            .lowCardinalityKeyValue(
                "http.response.status_code",
                status == 0 ? HttpClientMeters.NONE : Integer.toString(status))
            .lowCardinalityKeyValue("error.type", errorType);
        if (failure != null) {
          observation.error(failure);
        }
        observation.stop();
      }
    }
  }

  static URI resolve(URI logical, Endpoint endpoint) throws URISyntaxException {
    String scheme =
        logical.getScheme() == null ? "http" : logical.getScheme().toLowerCase(Locale.ROOT);
    return new URI(
        scheme,
        logical.getRawUserInfo() == null ? null : logical.getUserInfo(),
        endpoint.host(),
        endpoint.port(),
        logical.getPath(),
        logical.getQuery(),
        logical.getFragment());
  }

  /** Builds a {@link MeshHttpClient}. Not thread-safe. */
  public static final class Builder {
    private final ServiceMesh mesh;
    private HttpClient client;
    private String hashKeyHeader;
    private final Map<String, String> sourceLabels = new HashMap<>();
    private MeterRegistry meterRegistry;
    private ObservationRegistry observationRegistry;

    private Builder(ServiceMesh mesh) {
      this.mesh = Objects.requireNonNull(mesh, "mesh");
    }

    /**
     * @param httpClient the JDK client to send with (default: a new one with a 5 s connect timeout)
     */
    public Builder httpClient(HttpClient httpClient) {
      this.client = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * @param header the request header whose value is the consistent-hash key (for example a user
     *     id)
     */
    public Builder hashKeyHeader(String header) {
      this.hashKeyHeader = Objects.requireNonNull(header, "header");
      return this;
    }

    /**
     * Adds a label of the calling workload, matched by {@link
     * dev.cloudnative.mesh.RequestMatch#sourceLabel}.
     */
    public Builder sourceLabel(String name, String value) {
      sourceLabels.put(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * @param meterRegistry the registry of {@code http.client.request.duration} (default: the
     *     mesh's, {@link ServiceMesh#meterRegistry()}; none when the mesh has none)
     */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /**
     * @param observationRegistry the registry of each request's {@code http.client.requests}
     *     observation (default: the mesh's, {@link ServiceMesh#observationRegistry()})
     */
    public Builder observationRegistry(ObservationRegistry observationRegistry) {
      this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
      return this;
    }

    public MeshHttpClient build() {
      return new MeshHttpClient(this);
    }
  }
}
