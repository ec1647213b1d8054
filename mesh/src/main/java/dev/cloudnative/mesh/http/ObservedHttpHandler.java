package dev.cloudnative.mesh.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.RequestReplyReceiverContext;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * The server side of {@link MeshHttpClient}'s trace propagation, for a JDK {@link
 * com.sun.net.httpserver.HttpServer}: it runs a handler inside an {@code http.server.requests}
 * observation built on a {@link RequestReplyReceiverContext} that reads the request's headers, so
 * that a tracing handler registered on the registry (Micrometer Tracing with W3C propagation)
 * continues the caller's trace from its {@code traceparent} header, and the handler's own work is a
 * child of the server span.
 *
 * <pre>{@code
 * server.createContext("/", ObservedHttpHandler.wrap(exchange -> respond(exchange), registry));
 * }</pre>
 *
 * <p>With {@link ObservationRegistry#NOOP} (or any registry whose {@code isNoop()} is true) the
 * handler is called directly. Key values: {@code http.request.method} and {@code
 * http.response.status_code} (low cardinality), {@code url.path} (high).
 *
 * <p>Immutable and therefore thread-safe (each exchange gets its own observation).
 */
public final class ObservedHttpHandler implements HttpHandler {

  /** The observation's name, Micrometer's convention for HTTP servers. */
  public static final String OBSERVATION = "http.server.requests";

  private final HttpHandler delegate;
  private final ObservationRegistry registry;

  private ObservedHttpHandler(HttpHandler delegate, ObservationRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  /**
   * @param delegate the handler to run inside the observation
   * @param registry the registry to observe with (its tracing handler extracts the trace context)
   * @throws NullPointerException when {@code delegate} or {@code registry} is null
   */
  public static ObservedHttpHandler wrap(HttpHandler delegate, ObservationRegistry registry) {
    return new ObservedHttpHandler(
        Objects.requireNonNull(delegate, "delegate"), Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Objects.requireNonNull(exchange, "exchange");
    if (registry.isNoop()) {
      delegate.handle(exchange);
      return;
    }
    RequestReplyReceiverContext<HttpExchange, HttpExchange> context =
        new RequestReplyReceiverContext<>(
            (carrier, key) -> carrier.getRequestHeaders().getFirst(key));
    context.setCarrier(exchange);
    String method = exchange.getRequestMethod();
    Observation observation =
        Observation.createNotStarted(OBSERVATION, () -> context, registry)
            .contextualName("http " + method.toLowerCase(Locale.ROOT))
            .lowCardinalityKeyValue("http.request.method", method)
            .highCardinalityKeyValue("url.path", exchange.getRequestURI().getRawPath())
            .start();
    try (Observation.Scope scope = observation.openScope()) {
      delegate.handle(exchange);
    } catch (IOException | RuntimeException | Error e) {
      observation.error(e);
      throw e;
    } finally {
      int status = exchange.getResponseCode();
      observation.lowCardinalityKeyValue(
          "http.response.status_code",
          status <= 0 ? HttpClientMeters.NONE : Integer.toString(status));
      context.setResponse(exchange);
      observation.stop();
    }
  }
}
