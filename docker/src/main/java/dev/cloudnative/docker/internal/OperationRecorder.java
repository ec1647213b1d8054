package dev.cloudnative.docker.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Times and traces every {@code ContainerEngine} call, for the Docker/Podman engine and the
 * in-memory one alike, so both report the same {@code containers.operation.duration} timer and
 * {@code containers.<operation>} observations.
 *
 * <p>Without a meter registry and with {@link ObservationRegistry#NOOP} it is {@link #NOOP}: the
 * call runs directly, nothing is measured and no meter exists; observation work is skipped whenever
 * the observation registry {@link ObservationRegistry#isNoop() is no-op}. Timers are resolved once
 * per operation (success) and once per operation and failure kind, then read from a cache.
 *
 * <p>Thread-safe: the caches are concurrent maps and the timers are Micrometer's thread-safe ones.
 * Not API.
 */
public final class OperationRecorder {
  /** Timer name shared by every engine. */
  public static final String TIMER = "containers.operation.duration";

  // Before NOOP: its constructor reads it.
  private static final ContainerOperation[] OPERATIONS = ContainerOperation.values();

  /** The recorder of an engine given no registries: runs calls directly, holds no meters. */
  public static final OperationRecorder NOOP =
      new OperationRecorder(null, ObservationRegistry.NOOP, "");

  private final MeterRegistry meters;
  private final ObservationRegistry observations;
  private final String engine;
  // Per operation: the success timer, resolved on first use.
  private final ConcurrentMap<ContainerOperation, Timer> successes = new ConcurrentHashMap<>();
  // Per operation ordinal: failure kind -> timer; failure kinds are a fixed small set.
  private final ConcurrentMap<String, Timer>[] failures;

  @SuppressWarnings("unchecked")
  private OperationRecorder(MeterRegistry meters, ObservationRegistry observations, String engine) {
    this.meters = meters;
    this.observations = observations;
    this.engine = engine;
    this.failures = new ConcurrentMap[OPERATIONS.length];
    for (int i = 0; i < failures.length; i++) {
      failures[i] = new ConcurrentHashMap<>();
    }
  }

  /**
   * The recorder for an engine.
   *
   * @param meters the registry of the timers; empty for none
   * @param observations where observations go; {@link ObservationRegistry#NOOP} for none
   * @param engine the {@code engine} tag: {@code docker}, {@code podman} or {@code in_memory}
   */
  public static OperationRecorder create(
      Optional<MeterRegistry> meters, ObservationRegistry observations, String engine) {
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(observations, "observations");
    Objects.requireNonNull(engine, "engine");
    if (meters.isEmpty() && observations == ObservationRegistry.NOOP) {
      return NOOP;
    }
    return new OperationRecorder(meters.orElse(null), observations, engine);
  }

  /** Runs {@code body} as {@code operation}, timing it and tracing it. */
  public <T> T call(ContainerOperation operation, Supplier<T> body) {
    // Read per call: a registry without handlers is no-op until a handler is added.
    if (meters == null && observations.isNoop()) {
      return body.get();
    }
    Observation observation = startObservation(operation);
    long start = System.nanoTime();
    try (Observation.Scope ignored = observation.openScope()) {
      T result = body.get();
      finish(operation, observation, ContainerOutcomes.SUCCESS, start);
      return result;
    } catch (RuntimeException | Error e) {
      observation.error(e);
      finish(operation, observation, ContainerOutcomes.of(e), start);
      throw e;
    } finally {
      observation.stop();
    }
  }

  /** Runs {@code body} as {@code operation}, timing it and tracing it. */
  public void run(ContainerOperation operation, Runnable body) {
    if (meters == null && observations.isNoop()) {
      body.run();
      return;
    }
    call(
        operation,
        () -> {
          body.run();
          return null;
        });
  }

  private Observation startObservation(ContainerOperation operation) {
    if (observations.isNoop()) {
      return Observation.NOOP;
    }
    return Observation.createNotStarted(operation.observationName(), observations)
        .lowCardinalityKeyValue("operation", operation.tagValue())
        .lowCardinalityKeyValue("engine", engine)
        .start();
  }

  private void finish(
      ContainerOperation operation, Observation observation, String outcome, long start) {
    long elapsed = System.nanoTime() - start;
    observation.lowCardinalityKeyValue("outcome", outcome);
    if (meters != null) {
      timer(operation, outcome).record(elapsed, TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(ContainerOperation operation, String outcome) {
    if (ContainerOutcomes.SUCCESS.equals(outcome)) {
      return successes.computeIfAbsent(operation, o -> register(o, outcome));
    }
    return failures[operation.ordinal()].computeIfAbsent(outcome, k -> register(operation, k));
  }

  private Timer register(ContainerOperation operation, String outcome) {
    return Timer.builder(TIMER)
        .description("Duration of container engine operations")
        .tag("operation", operation.tagValue())
        .tag("engine", engine)
        .tag("outcome", outcome)
        .register(meters);
  }
}
