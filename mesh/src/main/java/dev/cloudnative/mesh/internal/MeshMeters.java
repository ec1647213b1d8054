package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.StopReason;
import dev.cloudnative.mesh.circuitbreaker.SlidingWindowCircuitBreaker;
import dev.cloudnative.mesh.stats.EndpointRecorder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * The mesh's recorder: it makes the meter sets of services, subsets and endpoints when their
 * runtimes are made, so that a call records into meters it already holds and never looks one up.
 * Without a registry ({@link #NOOP}) every set it makes is a shared no-op holding no meter at all,
 * and recording costs one branch. Meter names and tags are listed in the module README's "Metrics"
 * table. Thread-safe (the registry is).
 */
final class MeshMeters {

  static final String REQUEST_DURATION = "mesh.request.duration";
  static final String CALL_DURATION = "mesh.call.duration";
  static final String BREAKER_STATE = "mesh.circuitbreaker.state";
  static final String BREAKER_CALLS = "mesh.circuitbreaker.calls";
  static final String BREAKER_TRANSITIONS = "mesh.circuitbreaker.transitions";
  static final String OUTLIER_EJECTIONS = "mesh.outlier.ejections";
  static final String OUTLIER_EJECTED = "mesh.outlier.ejected";
  static final String RETRIES = "mesh.retries";
  static final String BUDGET_REFUSALS = "mesh.retry.budget.refusals";
  static final String CONCURRENCY_REJECTIONS = "mesh.concurrency.rejections";

  /**
   * The endpoint tag of the service-level circuit breaker, which guards no single endpoint. Every
   * breaker meter carries the same tag keys, so the service breaker names itself by this value.
   */
  static final String SERVICE_BREAKER_ENDPOINT = "*";

  // The request histogram's range: a call through the mesh takes from under a millisecond (same
  // host) to seconds (a slow upstream); beyond these bounds every value falls in the first or last
  // bucket, which keeps a scrape to a few dozen buckets per endpoint and outcome.
  static final Duration HISTOGRAM_MIN = Duration.ofMillis(1);
  static final Duration HISTOGRAM_MAX = Duration.ofSeconds(10);

  /** No registry: no meters. */
  static final MeshMeters NOOP = new MeshMeters(null);

  private final MeterRegistry registry;

  private MeshMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  static MeshMeters of(MeterRegistry registry) {
    return new MeshMeters(Objects.requireNonNull(registry, "registry"));
  }

  boolean enabled() {
    return registry != null;
  }

  /** The endpoint tag: {@code host:port} (not the endpoint's id, which may be anything). */
  static String endpointTag(Endpoint endpoint) {
    return endpoint.host() + ":" + endpoint.port();
  }

  /**
   * @param callsOf how many calls of the service ended with a reason (the service counts them)
   */
  ServiceMeters service(
      String service, ToLongFunction<StopReason> callsOf, IntSupplier ejectedEndpoints) {
    return registry == null
        ? ServiceMeters.NOOP
        : new ServiceMeters(registry, service, callsOf, ejectedEndpoints);
  }

  SubsetMeters subset(String service, String subset) {
    return registry == null ? SubsetMeters.NOOP : new SubsetMeters(registry, service, subset);
  }

  /**
   * @param outcomes the endpoint's recorder, which counts the outcomes its breaker records
   */
  EndpointMeters endpoint(
      String service,
      Endpoint endpoint,
      SlidingWindowCircuitBreaker breaker,
      EndpointRecorder outcomes) {
    return registry == null
        ? EndpointMeters.NOOP
        : new EndpointMeters(registry, service, endpointTag(endpoint), breaker, outcomes);
  }

  BreakerMeters serviceBreaker(String service, SlidingWindowCircuitBreaker breaker) {
    return registry == null
        ? BreakerMeters.NOOP
        : new BreakerMeters(registry, service, SERVICE_BREAKER_ENDPOINT, breaker, null);
  }

  HedgeMeters hedges(String service) {
    return HedgeMeters.of(registry, service);
  }

  AdaptiveMeters adaptive(String service, AdaptiveLimiter limiter) {
    return AdaptiveMeters.of(registry, service, limiter);
  }

  RequestMeters requests(String service, String subset, Endpoint endpoint) {
    if (registry == null) {
      return RequestMeters.NOOP;
    }
    Timer[] timers = new Timer[AttemptOutcome.count()];
    for (int i = 0; i < timers.length; i++) {
      timers[i] =
          Timer.builder(REQUEST_DURATION)
              .description("Duration of one attempt of a mesh call on an endpoint")
              .tag("service", service)
              .tag("subset", subset)
              .tag("endpoint", endpointTag(endpoint))
              .tag("outcome", AttemptOutcome.at(i).tag)
              .publishPercentileHistogram()
              .minimumExpectedValue(HISTOGRAM_MIN)
              .maximumExpectedValue(HISTOGRAM_MAX)
              .register(registry);
    }
    return new RequestMeters(registry, timers);
  }

  /** Removes {@code meters} from {@code registry}; a meter already removed is skipped. */
  static void remove(MeterRegistry registry, List<? extends Meter> meters) {
    for (Meter m : meters) {
      registry.remove(m);
    }
  }
}
