package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.StopReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.ToLongFunction;

/**
 * The meters of one service, resolved when its runtime is made: {@code mesh.call.duration} per
 * {@link StopReason} (outcome {@code success} or the reason in lowercase), a function timer whose
 * count is the service's own count of calls by reason and whose total is a striped sum of this
 * class (a call adds one number: no clock read, no max, no histogram; the attempts' {@code
 * mesh.request.duration} carries the histogram), {@code mesh.retries} per reason (the failed
 * attempt's {@link AttemptOutcome}), {@code mesh.retry.budget.refusals} and the {@code
 * mesh.outlier.ejected} gauge. Indexed by ordinal, so recording is an array read. {@link #NOOP}
 * holds none. Thread-safe.
 */
final class ServiceMeters {

  static final ServiceMeters NOOP = new ServiceMeters();

  private static final StopReason[] REASONS = StopReason.values();

  private final MeterRegistry registry;
  // Total nanoseconds of the calls that ended with each reason, by ordinal.
  private final LongAdder[] callNanos;
  private final Counter[] retries;
  private final Counter budgetRefusals;
  private final List<Meter> all;

  private ServiceMeters() {
    this.registry = null;
    this.callNanos = null;
    this.retries = null;
    this.budgetRefusals = null;
    this.all = List.of();
  }

  ServiceMeters(
      MeterRegistry registry,
      String service,
      ToLongFunction<StopReason> callsOf,
      IntSupplier ejectedEndpoints) {
    this.registry = registry;
    List<Meter> meters = new ArrayList<>();
    this.callNanos = new LongAdder[REASONS.length];
    for (StopReason reason : REASONS) {
      LongAdder nanos = new LongAdder();
      callNanos[reason.ordinal()] = nanos;
      meters.add(
          FunctionTimer.builder(
                  MeshMeters.CALL_DURATION,
                  nanos,
                  n -> callsOf.applyAsLong(reason),
                  LongAdder::sum,
                  TimeUnit.NANOSECONDS)
              .description("Duration of one logical mesh call, its attempts and backoffs included")
              .tag("service", service)
              .tag("outcome", outcome(reason))
              .register(registry));
    }
    this.retries = new Counter[AttemptOutcome.count()];
    for (int i = 0; i < retries.length; i++) {
      AttemptOutcome why = AttemptOutcome.at(i);
      if (why != AttemptOutcome.SUCCESS) {
        retries[i] =
            Counter.builder(MeshMeters.RETRIES)
                .description("Retries started, by the failed attempt's outcome")
                .tag("service", service)
                .tag("reason", why.tag)
                .register(registry);
        meters.add(retries[i]);
      }
    }
    this.budgetRefusals =
        Counter.builder(MeshMeters.BUDGET_REFUSALS)
            .description("Retries the retry budget refused")
            .tag("service", service)
            .register(registry);
    meters.add(budgetRefusals);
    meters.add(
        Gauge.builder(MeshMeters.OUTLIER_EJECTED, ejectedEndpoints, IntSupplier::getAsInt)
            .description("Endpoints of the service that outlier detection holds ejected now")
            .tag("service", service)
            .strongReference(true)
            .register(registry));
    this.all = List.copyOf(meters);
  }

  /**
   * @return the {@code outcome} tag of a call that ended with {@code reason}
   */
  static String outcome(StopReason reason) {
    return reason == StopReason.SUCCEEDED ? "success" : reason.name().toLowerCase(Locale.ROOT);
  }

  boolean enabled() {
    return callNanos != null;
  }

  /** Adds a call's duration; the service counts the call itself under {@code reason}. */
  void callEnded(StopReason reason, long nanos) {
    if (callNanos != null) {
      callNanos[reason.ordinal()].add(Math.max(0L, nanos));
    }
  }

  void retried(AttemptOutcome why) {
    if (retries != null) {
      retries[why.ordinal()].increment();
    }
  }

  void budgetRefused() {
    if (budgetRefusals != null) {
      budgetRefusals.increment();
    }
  }

  void remove() {
    if (registry != null) {
      MeshMeters.remove(registry, all);
    }
  }
}
