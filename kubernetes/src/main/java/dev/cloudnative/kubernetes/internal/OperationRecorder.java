package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.ResourceKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Times and traces every {@code Cluster} call, for the fabric8 cluster and the in-memory one alike,
 * so both report the same {@code kubernetes.operation.duration} timer and {@code
 * kubernetes.<operation>} observations.
 *
 * <p>Without a meter registry and with {@link ObservationRegistry#NOOP} it is {@link #NOOP}: the
 * call runs directly, nothing is measured and no meter exists; observation work is skipped whenever
 * the observation registry {@link ObservationRegistry#isNoop() is no-op}. Timers are resolved once
 * per operation, kind and outcome, then read from a cache.
 *
 * <p>Thread-safe: the caches are concurrent maps and the timers are Micrometer's thread-safe ones.
 * Not API.
 */
public final class OperationRecorder {
  /** Timer name shared by every backend. */
  public static final String TIMER = "kubernetes.operation.duration";

  /** The {@code kind} tag of {@code apply_yaml}, whose documents may be of several kinds. */
  public static final String MIXED_KIND = "mixed";

  // Before NOOP: its constructor reads it.
  private static final String[] KIND_TAGS = kindTags();

  /** The recorder of a cluster given no registries: runs calls directly, holds no meters. */
  public static final OperationRecorder NOOP =
      new OperationRecorder(null, ObservationRegistry.NOOP, "");

  private final MeterRegistry meters;
  private final ObservationRegistry observations;
  private final String backend;
  // Per operation, kind slot (ResourceKind ordinal, then mixed): outcome -> timer.
  private final ConcurrentMap<String, Timer>[][] timers;

  @SuppressWarnings("unchecked")
  private OperationRecorder(
      MeterRegistry meters, ObservationRegistry observations, String backend) {
    this.meters = meters;
    this.observations = observations;
    this.backend = backend;
    this.timers = new ConcurrentMap[KubernetesOperation.values().length][KIND_TAGS.length];
    for (ConcurrentMap<String, Timer>[] row : timers) {
      for (int k = 0; k < row.length; k++) {
        row[k] = new ConcurrentHashMap<>();
      }
    }
  }

  private static String[] kindTags() {
    ResourceKind[] kinds = ResourceKind.values();
    String[] tags = new String[kinds.length + 1];
    for (ResourceKind k : kinds) {
      tags[k.ordinal()] = k.name().toLowerCase(Locale.ROOT);
    }
    tags[kinds.length] = MIXED_KIND;
    return tags;
  }

  /**
   * The recorder for a cluster.
   *
   * @param meters the registry of the timers; empty for none
   * @param observations where observations go; {@link ObservationRegistry#NOOP} for none
   * @param backend the {@code backend} tag: {@code fabric8} or {@code in_memory}
   */
  public static OperationRecorder create(
      Optional<MeterRegistry> meters, ObservationRegistry observations, String backend) {
    Objects.requireNonNull(meters, "meters");
    Objects.requireNonNull(observations, "observations");
    Objects.requireNonNull(backend, "backend");
    if (meters.isEmpty() && observations == ObservationRegistry.NOOP) {
      return NOOP;
    }
    return new OperationRecorder(meters.orElse(null), observations, backend);
  }

  /**
   * Runs {@code body} as {@code operation} on resources of {@code kind} ({@code null}: {@link
   * #MIXED_KIND}), timing it and tracing it.
   */
  public <T> T call(KubernetesOperation operation, ResourceKind kind, Supplier<T> body) {
    // Read per call: a registry without handlers is no-op until a handler is added.
    if (meters == null && observations.isNoop()) {
      return body.get();
    }
    int slot = kind == null ? KIND_TAGS.length - 1 : kind.ordinal();
    Observation observation = startObservation(operation, slot);
    long start = System.nanoTime();
    try (Observation.Scope ignored = observation.openScope()) {
      T result = body.get();
      finish(operation, slot, observation, KubernetesOutcomes.SUCCESS, start);
      return result;
    } catch (RuntimeException | Error e) {
      observation.error(e);
      finish(operation, slot, observation, KubernetesOutcomes.of(e), start);
      throw e;
    } finally {
      observation.stop();
    }
  }

  /** {@link #call} for a call without result. */
  public void run(KubernetesOperation operation, ResourceKind kind, Runnable body) {
    if (meters == null && observations.isNoop()) {
      body.run();
      return;
    }
    call(
        operation,
        kind,
        () -> {
          body.run();
          return null;
        });
  }

  private Observation startObservation(KubernetesOperation operation, int slot) {
    if (observations.isNoop()) {
      return Observation.NOOP;
    }
    return Observation.createNotStarted(operation.observationName(), observations)
        .lowCardinalityKeyValue("operation", operation.tagValue())
        .lowCardinalityKeyValue("kind", KIND_TAGS[slot])
        .lowCardinalityKeyValue("backend", backend)
        .start();
  }

  private void finish(
      KubernetesOperation operation,
      int slot,
      Observation observation,
      String outcome,
      long start) {
    long elapsed = System.nanoTime() - start;
    observation.lowCardinalityKeyValue("outcome", outcome);
    if (meters != null) {
      timers[operation.ordinal()][slot]
          .computeIfAbsent(outcome, o -> register(operation, slot, o))
          .record(elapsed, TimeUnit.NANOSECONDS);
    }
  }

  private Timer register(KubernetesOperation operation, int slot, String outcome) {
    return Timer.builder(TIMER)
        .description("Duration of Kubernetes cluster operations")
        .tag("operation", operation.tagValue())
        .tag("kind", KIND_TAGS[slot])
        .tag("backend", backend)
        .tag("outcome", outcome)
        .register(meters);
  }
}
