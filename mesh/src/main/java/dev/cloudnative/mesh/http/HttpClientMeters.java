package dev.cloudnative.mesh.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code http.client.request.duration} timers of one {@link MeshHttpClient}, named and tagged
 * after OpenTelemetry's HTTP client semantic conventions ({@code http.request.method}, {@code
 * http.response.status_code}, {@code server.address}, {@code server.port}, {@code error.type}).
 * Each tag combination is resolved once and kept, so a request after the first of its kind finds
 * its timer in a map of this client's own rather than asking the registry. Without a registry it
 * holds nothing and records nothing. Thread-safe (a concurrent map; Micrometer's timers are).
 */
final class HttpClientMeters {

  static final String NAME = "http.client.request.duration";

  /** The tag value of an absent status code (no response) or error type (no error). */
  static final String NONE = "none";

  private final MeterRegistry registry;
  private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

  HttpClientMeters(Optional<MeterRegistry> registry) {
    this.registry = registry.orElse(null);
  }

  /**
   * @param status the response's status code, or {@code 0} when there was no response
   * @param errorType {@link #NONE}, the status code of a 5xx response, or the failure's class name
   */
  void record(String method, int status, String address, int port, String errorType, long nanos) {
    if (registry == null) {
      return;
    }
    Key key = new Key(method, status, address, port, errorType);
    Timer timer = timers.computeIfAbsent(key, this::timer);
    timer.record(Math.max(0L, nanos), TimeUnit.NANOSECONDS);
  }

  private Timer timer(Key key) {
    return Timer.builder(NAME)
        .description("Duration of one HTTP request MeshHttpClient sent to an endpoint")
        .tag("http.request.method", key.method())
        .tag("http.response.status_code", key.status() == 0 ? NONE : Integer.toString(key.status()))
        .tag("server.address", key.address())
        .tag("server.port", Integer.toString(key.port()))
        .tag("error.type", key.errorType())
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** One tag combination. */
  private record Key(String method, int status, String address, int port, String errorType) {}
}
