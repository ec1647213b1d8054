package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.CircuitState;
import dev.cloudnative.mesh.circuitbreaker.SlidingWindowCircuitBreaker;
import dev.cloudnative.mesh.stats.EndpointRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one circuit breaker, in Resilience4j's shape: a {@code mesh.circuitbreaker.state}
 * gauge per state (1 for the current one, 0 for the others), {@code mesh.circuitbreaker.calls} by
 * {@code kind} ({@code successful}, {@code failed}, {@code not_permitted}) and {@code
 * mesh.circuitbreaker.transitions} by {@code from_state} and {@code to_state}, all resolved when
 * the breaker is made. The call counts are function counters over counts the mesh keeps anyway (an
 * endpoint's {@link EndpointRecorder}, the breaker's own count of refusals), so that a call pays
 * nothing for them; only the service breaker, whose outcomes nothing else counts, adds to two
 * striped counters of this class. {@link #NOOP} holds none. Thread-safe.
 */
final class BreakerMeters {

  static final BreakerMeters NOOP = new BreakerMeters();

  private static final CircuitState[] STATES = CircuitState.values();

  private final MeterRegistry registry;
  // The service breaker's outcome counts; null for an endpoint breaker, whose recorder counts them.
  private final LongAdder successful;
  private final LongAdder failed;
  // [from.ordinal()][to.ordinal()]; the diagonal stays null (a state never moves to itself).
  private final Counter[][] transitions;
  private final List<Meter> all;

  private BreakerMeters() {
    this.registry = null;
    this.successful = null;
    this.failed = null;
    this.transitions = null;
    this.all = List.of();
  }

  /**
   * @param outcomes the endpoint's recorder, which counts every outcome its breaker records; {@code
   *     null} for the service breaker, whose outcomes {@link #recorded} counts
   */
  BreakerMeters(
      MeterRegistry registry,
      String service,
      String endpoint,
      SlidingWindowCircuitBreaker b,
      EndpointRecorder outcomes) {
    this.registry = registry;
    List<Meter> meters = new ArrayList<>();
    for (CircuitState state : STATES) {
      meters.add(
          Gauge.builder(MeshMeters.BREAKER_STATE, b, cb -> cb.state() == state ? 1 : 0)
              .description("1 for the circuit breaker's current state, 0 for the others")
              .tag("service", service)
              .tag("endpoint", endpoint)
              .tag("state", tag(state))
              .strongReference(true)
              .register(registry));
    }
    if (outcomes == null) {
      this.successful = new LongAdder();
      this.failed = new LongAdder();
      meters.add(calls(registry, service, endpoint, "successful", successful, LongAdder::sum));
      meters.add(calls(registry, service, endpoint, "failed", failed, LongAdder::sum));
    } else {
      this.successful = null;
      this.failed = null;
      meters.add(
          calls(registry, service, endpoint, "successful", outcomes, EndpointRecorder::successes));
      meters.add(
          calls(registry, service, endpoint, "failed", outcomes, EndpointRecorder::failures));
    }
    meters.add(
        calls(
            registry,
            service,
            endpoint,
            "not_permitted",
            b,
            cb -> cb.metrics().notPermittedCalls()));
    this.transitions = new Counter[STATES.length][STATES.length];
    for (CircuitState from : STATES) {
      for (CircuitState to : STATES) {
        if (from != to) {
          Counter c =
              Counter.builder(MeshMeters.BREAKER_TRANSITIONS)
                  .description("Circuit breaker state transitions")
                  .tag("service", service)
                  .tag("endpoint", endpoint)
                  .tag("from_state", tag(from))
                  .tag("to_state", tag(to))
                  .register(registry);
          transitions[from.ordinal()][to.ordinal()] = c;
          meters.add(c);
        }
      }
    }
    this.all = List.copyOf(meters);
  }

  private static <T> FunctionCounter calls(
      MeterRegistry registry,
      String service,
      String endpoint,
      String kind,
      T source,
      ToDoubleFunction<T> count) {
    return FunctionCounter.builder(MeshMeters.BREAKER_CALLS, source, count)
        .description("Calls the circuit breaker recorded or refused, by kind")
        .tag("service", service)
        .tag("endpoint", endpoint)
        .tag("kind", kind)
        .register(registry);
  }

  static String tag(CircuitState state) {
    return state.name().toLowerCase(Locale.ROOT);
  }

  /**
   * An outcome the service breaker recorded (an endpoint breaker's are counted by its recorder).
   */
  void recorded(boolean failure) {
    if (successful != null) {
      (failure ? failed : successful).increment();
    }
  }

  void transition(CircuitState from, CircuitState to) {
    if (transitions != null && from != to) {
      transitions[from.ordinal()][to.ordinal()].increment();
    }
  }

  void remove() {
    if (registry != null) {
      MeshMeters.remove(registry, all);
    }
  }
}
