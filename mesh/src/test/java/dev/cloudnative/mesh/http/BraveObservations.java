package dev.cloudnative.mesh.http;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real tracer behind the Observation API, as an application would set one up: Brave through
 * Micrometer Tracing's bridge, W3C {@code traceparent} propagation, every trace sampled, finished
 * spans kept in memory. Thread-safe; close it to release Brave's global state.
 */
final class BraveObservations implements AutoCloseable {

  final Tracing tracing;
  final Tracer tracer;
  final ObservationRegistry registry = ObservationRegistry.create();
  final List<MutableSpan> finished = new CopyOnWriteArrayList<>();

  BraveObservations(String serviceName) {
    this.tracing =
        Tracing.newBuilder()
            .localServiceName(serviceName)
            .propagationFactory(new W3CPropagation())
            .currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder().build())
            .sampler(Sampler.ALWAYS_SAMPLE)
            .addSpanHandler(
                new SpanHandler() {
                  @Override
                  public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                    finished.add(span);
                    return true;
                  }
                })
            .build();
    this.tracer =
        new BraveTracer(
            tracing.tracer(),
            new BraveCurrentTraceContext(tracing.currentTraceContext()),
            new BraveBaggageManager());
    BravePropagator propagator = new BravePropagator(tracing);
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
  }

  @Override
  public void close() {
    tracing.close();
  }
}
