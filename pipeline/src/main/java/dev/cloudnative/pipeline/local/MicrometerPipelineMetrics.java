package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link PipelineMetrics} in a Micrometer registry. Thread-safe: the registry is, and the gauges'
 * values are atomics in concurrent maps.
 *
 * <p>Why meters are looked up when a run, stage or step ends rather than resolved up front: each
 * happens once per run and follows at least a thread hand-off or a process spawn, so the registry's
 * lookup is noise beside what it measures, and only the outcomes that happen become series (no
 * always-zero {@code skipped} timer for every step of every pipeline). Tags are bounded by the
 * pipeline definitions: pipeline, stage and step names, never a run id.
 */
final class MicrometerPipelineMetrics implements PipelineMetrics {
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> runsActive = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> stepsActive = new ConcurrentHashMap<>();

  MicrometerPipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void runStarted(String pipeline) {
    gauge(runsActive, "pipeline.runs.active", "Runs in progress", pipeline).incrementAndGet();
  }

  @Override
  public void runFinished(String pipeline, Status status, long nanos) {
    gauge(runsActive, "pipeline.runs.active", "Runs in progress", pipeline).decrementAndGet();
    Timer.builder("pipeline.run.duration")
        .description("Time from the start of a run to its end, finally stages included")
        .tags("pipeline", pipeline, "outcome", PipelineMetrics.outcome(status))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void stageFinished(String pipeline, String stage, Status status, long nanos) {
    Timer.builder("pipeline.stage.duration")
        .description("Time a stage ran, its steps' retries included; 0 for a skipped stage")
        .tags("pipeline", pipeline, "stage", stage, "outcome", PipelineMetrics.outcome(status))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void stepStarted(String pipeline) {
    gauge(stepsActive, "pipeline.steps.active", "Steps in progress", pipeline).incrementAndGet();
  }

  @Override
  public void stepEnded(String pipeline) {
    gauge(stepsActive, "pipeline.steps.active", "Steps in progress", pipeline).decrementAndGet();
  }

  @Override
  public void stepFinished(String pipeline, String stage, String step, Status status, long nanos) {
    Timer.builder("pipeline.step.duration")
        .description("Time a step ran, every attempt and backoff included; 0 for a skipped step")
        .tags(
            "pipeline",
            pipeline,
            "stage",
            stage,
            "step",
            step,
            "outcome",
            PipelineMetrics.outcome(status))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void stepRetried(String pipeline, String stage, String step) {
    Counter.builder("pipeline.step.retries")
        .description("Attempts of a step after the first")
        .tags("pipeline", pipeline, "stage", stage, "step", step)
        .register(registry)
        .increment();
  }

  /**
   * The gauge's value for {@code pipeline}, registered the first time. Held strongly by the gauge:
   * a runner dropped by its owner keeps reading 0 rather than NaN.
   */
  private AtomicInteger gauge(
      Map<String, AtomicInteger> values, String name, String description, String pipeline) {
    return values.computeIfAbsent(
        pipeline,
        p -> {
          AtomicInteger value = new AtomicInteger();
          Gauge.builder(name, value, AtomicInteger::get)
              .description(description)
              .tags("pipeline", p)
              .strongReference(true)
              .register(registry);
          return value;
        });
  }
}
