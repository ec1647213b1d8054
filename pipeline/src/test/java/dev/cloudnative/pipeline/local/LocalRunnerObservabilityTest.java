package dev.cloudnative.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.RetryPolicy;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's meters read back from a SimpleMeterRegistry and its spans from a test registry. */
class LocalRunnerObservabilityTest {

  @TempDir Path workspace;

  /**
   * build (a step that fails once, then succeeds on retry) → test (a step that throws) → deploy
   * (skipped, its need failed): all Java steps, so no process is needed.
   */
  private static Pipeline releaseWithAFailingTest() {
    AtomicInteger flakyCalls = new AtomicInteger();
    return Pipeline.builder("release")
        .stage(
            "build",
            s ->
                s.step(
                    Step.java(
                            "compile",
                            ctx -> {
                              if (flakyCalls.incrementAndGet() == 1) {
                                throw new IllegalStateException("flaky first attempt");
                              }
                            })
                        .retry(RetryPolicy.attempts(2))))
        .stage(
            "test",
            s ->
                s.needs("build")
                    .java(
                        "unit",
                        ctx -> {
                          throw new AssertionError("1 test failed");
                        }))
        .stage("deploy", s -> s.needs("test").java("push", ctx -> {}))
        .build();
  }

  private LocalPipelineRunner runner(LocalRunnerConfig.Builder config) {
    return LocalPipelineRunner.create(config.workspace(workspace).build());
  }

  @Test
  void runsStagesAndStepsAreCountedByOutcome() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RunStatus result =
        runner(LocalRunnerConfig.custom().meterRegistry(meters)).run(releaseWithAFailingTest());
    assertThat(result.status()).isEqualTo(Status.FAILED);

    assertThat(
            meters
                .get("pipeline.run.duration")
                .tags("pipeline", "release", "outcome", "failed")
                .timer()
                .count())
        .isEqualTo(1);
    assertThat(stageCount(meters, "build", "success")).isEqualTo(1);
    assertThat(stageCount(meters, "test", "failed")).isEqualTo(1);
    assertThat(stageCount(meters, "deploy", "skipped")).isEqualTo(1);
    assertThat(stepCount(meters, "build", "compile", "success")).isEqualTo(1);
    assertThat(stepCount(meters, "test", "unit", "failed")).isEqualTo(1);
    assertThat(stepCount(meters, "deploy", "push", "skipped")).isEqualTo(1);
    // one timer per step, whatever its attempts: the retry is counted on its own
    assertThat(meters.find("pipeline.step.duration").tag("step", "compile").timers()).hasSize(1);
    assertThat(
            meters
                .get("pipeline.step.retries")
                .tags("pipeline", "release", "stage", "build", "step", "compile")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(meters.get("pipeline.runs.active").tag("pipeline", "release").gauge().value())
        .isZero();
    assertThat(meters.get("pipeline.steps.active").tag("pipeline", "release").gauge().value())
        .isZero();
    // the run id is never a tag value: series stay bounded by the pipeline definition
    assertThat(
            meters.getMeters().stream()
                .flatMap(m -> m.getId().getTags().stream())
                .map(Tag::getValue))
        .doesNotContain(result.runId());
    // every meter of one name has the same tag keys
    Map<String, List<List<String>>> keysByName =
        meters.getMeters().stream()
            .map(Meter::getId)
            .collect(
                Collectors.groupingBy(
                    Meter.Id::getName,
                    Collectors.mapping(
                        id -> id.getTags().stream().map(Tag::getKey).toList(),
                        Collectors.toList())));
    keysByName.forEach((name, keys) -> assertThat(keys).as(name).containsOnly(keys.get(0)));
  }

  @Test
  void aSecondRunAddsToTheSameSeries() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    LocalPipelineRunner runner = runner(LocalRunnerConfig.custom().meterRegistry(meters));
    Pipeline ok = Pipeline.builder("ok").stage("only", s -> s.java("step", ctx -> {})).build();
    runner.run(ok);
    runner.run(ok);
    assertThat(
            meters
                .get("pipeline.run.duration")
                .tags("pipeline", "ok", "outcome", "success")
                .timer()
                .count())
        .isEqualTo(2);
    assertThat(stepCount(meters, "only", "step", "success")).isEqualTo(2);
  }

  @Test
  void spansNestRunStageStepAcrossThreadsAndCarryErrors() {
    TestObservationRegistry observations = TestObservationRegistry.create();
    Map<String, String> currentInTask = new ConcurrentHashMap<>();
    Pipeline pipeline =
        Pipeline.builder("traced")
            .stage(
                "first",
                s ->
                    s.java(
                        "look",
                        ctx -> {
                          Observation current = observations.getCurrentObservation();
                          currentInTask.put(
                              "name", current == null ? "none" : current.getContext().getName());
                        }))
            .stage(
                "second",
                s ->
                    s.needs("first")
                        .java(
                            "fail",
                            ctx -> {
                              throw new IllegalStateException("broken");
                            }))
            .build();
    RunStatus result =
        runner(LocalRunnerConfig.custom().observationRegistry(observations)).run(pipeline);
    assertThat(result.status()).isEqualTo(Status.FAILED);
    // the Java task ran in its step's scope, on a thread of its own
    assertThat(currentInTask).containsEntry("name", "pipeline.step");

    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo("pipeline.run", 1)
        .hasNumberOfObservationsWithNameEqualTo("pipeline.stage", 2)
        .hasNumberOfObservationsWithNameEqualTo("pipeline.step", 2)
        .forAllObservationsWithNameEqualTo(
            "pipeline.run",
            o ->
                o.doesNotHaveParentObservation()
                    .hasLowCardinalityKeyValue("pipeline", "traced")
                    .hasLowCardinalityKeyValue("outcome", "failed")
                    .hasHighCardinalityKeyValue("pipeline.run.id", result.runId())
                    .hasError())
        .forAllObservationsWithNameEqualTo(
            "pipeline.stage", o -> o.hasParentObservationContextMatching(named("pipeline.run")))
        .forAllObservationsWithNameEqualTo(
            "pipeline.step", o -> o.hasParentObservationContextMatching(named("pipeline.stage")))
        .hasObservationWithNameEqualTo("pipeline.run")
        .that()
        .hasBeenStopped()
        .backToTestObservationRegistry()
        .hasObservationWithNameEqualTo("pipeline.stage")
        .that()
        .hasBeenStopped()
        .backToTestObservationRegistry()
        .hasObservationWithNameEqualTo("pipeline.step")
        .that()
        .hasBeenStopped()
        .backToTestObservationRegistry()
        .hasHandledContextsThatSatisfy(
            contexts -> {
              Map<String, Observation.Context> steps =
                  contexts.stream()
                      .filter(c -> c.getName().equals("pipeline.step"))
                      .collect(
                          Collectors.toMap(
                              c -> c.getLowCardinalityKeyValue("step").getValue(),
                              Function.identity()));
              // each step's parent is its own stage, not merely some stage
              assertThat(steps.get("fail").getParentObservation().getContextView())
                  .satisfies(
                      p ->
                          assertThat(p.getLowCardinalityKeyValue("stage").getValue())
                              .isEqualTo("second"));
              assertThat(steps.get("look").getParentObservation().getContextView())
                  .satisfies(
                      p ->
                          assertThat(p.getLowCardinalityKeyValue("stage").getValue())
                              .isEqualTo("first"));
              assertThat(steps.get("fail").getError()).isNotNull();
              assertThat(steps.get("fail").getError().getMessage()).contains("broken");
              assertThat(steps.get("fail").getLowCardinalityKeyValue("outcome").getValue())
                  .isEqualTo("failed");
              assertThat(steps.get("look").getError()).isNull();
              assertThat(steps.get("look").getLowCardinalityKeyValue("outcome").getValue())
                  .isEqualTo("success");
            });
  }

  @Test
  void theDefaultRecordsNoMetersAndObservesNothing() {
    LocalRunnerConfig defaults = LocalRunnerConfig.ofDefaults();
    assertThat(defaults.meterRegistry()).isEmpty();
    assertThat(defaults.observationRegistry()).isSameAs(ObservationRegistry.NOOP);
    int globalBefore = Metrics.globalRegistry.getMeters().size();
    RunStatus result = runner(LocalRunnerConfig.custom()).run(releaseWithAFailingTest());
    assertThat(result.status()).isEqualTo(Status.FAILED);
    // no meter anywhere: not even the global registry received one
    assertThat(Metrics.globalRegistry.getMeters()).hasSize(globalBefore);
    assertThat(Metrics.globalRegistry.getMeters())
        .noneMatch(m -> m.getId().getName().startsWith("pipeline."));
  }

  private static Predicate<Observation.ContextView> named(String name) {
    return context -> context.getName().equals(name);
  }

  private static long stageCount(SimpleMeterRegistry meters, String stage, String outcome) {
    return meters
        .get("pipeline.stage.duration")
        .tags("pipeline", "release", "stage", stage, "outcome", outcome)
        .timer()
        .count();
  }

  private static long stepCount(
      SimpleMeterRegistry meters, String stage, String step, String outcome) {
    return meters
        .get("pipeline.step.duration")
        .tags("stage", stage, "step", step, "outcome", outcome)
        .timer()
        .count();
  }
}
