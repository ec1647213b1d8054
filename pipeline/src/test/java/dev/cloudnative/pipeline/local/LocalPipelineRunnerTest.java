package dev.cloudnative.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloudnative.pipeline.ContainerStep;
import dev.cloudnative.pipeline.JavaTask;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineRunner;
import dev.cloudnative.pipeline.PipelineRunnerContract;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.UnsupportedStepException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LocalPipelineRunnerTest extends PipelineRunnerContract {

  private static final int TAIL = 50;

  @Override
  protected PipelineRunner runner(Path workspace) {
    return LocalPipelineRunner.create(
        LocalRunnerConfig.custom()
            .workspace(workspace)
            .killGracePeriod(Duration.ofSeconds(1))
            .drainTimeout(Duration.ofSeconds(1))
            .tailLines(TAIL)
            .build());
  }

  @Override
  protected int tailLines() {
    return TAIL;
  }

  @Test
  void noThreadsLeakAfterManyRuns() throws Exception {
    PipelineRunner runner = runner();
    Pipeline p =
        Pipeline.builder("many")
            .maxParallelism(3)
            .stage("a", s -> s.command("echo", "echo", "a"))
            .stage("b", s -> s.java("java", ctx -> ctx.logger().info("b")))
            .stage("c", s -> s.needs("a", "b").step(Step.shell("sh", "echo c; echo err >&2")))
            .finallyStage("f", s -> s.command("true", "true"))
            .build();
    runner.run(p); // warm-up: JDK-internal threads (process reaper) are created once
    int before = Thread.activeCount();
    for (int i = 0; i < 40; i++) {
      assertThat(runner.run(p).status()).isEqualTo(Status.SUCCEEDED);
    }
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Set<String> ours = pipelineThreads();
    while (!ours.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(50);
      ours = pipelineThreads();
    }
    assertThat(ours).as("threads of finished runs").isEmpty();
    // JDK process reaper threads linger up to a minute; they are shared and bounded, not per run
    assertThat(Thread.activeCount()).isLessThan(before + 10);
  }

  private static Set<String> pipelineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(n -> n.startsWith("pipeline-"))
        .collect(Collectors.toSet());
  }

  @Test
  void worksWithTryWithResourcesAndRefusesItsConfigAfterClose() {
    LocalRunnerConfig config = LocalRunnerConfig.custom().workspace(workspace).build();
    LocalPipelineRunner runner = LocalPipelineRunner.create(config);
    try (runner) {
      assertThat(runner.config()).isEqualTo(config);
    }
    assertThatThrownBy(runner::config)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("pipeline runner is closed");
  }

  @Test
  void containerStepsAreRejectedBeforeAnythingRuns() {
    Pipeline p =
        Pipeline.builder("containers")
            .stage("it", s -> s.step(Step.container("mvn", "maven:3.9", List.of("mvn", "verify"))))
            .build();
    assertThat(p.stage("it").orElseThrow().steps().get(0)).isInstanceOf(ContainerStep.class);
    assertThatThrownBy(() -> runner().start(p))
        .isInstanceOf(UnsupportedStepException.class)
        .hasMessageContaining("maven:3.9")
        .hasMessageContaining("'mvn'")
        .hasMessageContaining("LocalRunnerConfig.custom().containerExecutor(executor)");
  }

  @Test
  void defaultParallelismRunsEveryReadyStageAtOnce() {
    // each stage waits until all three have started: they can only finish if all run at once
    CountDownLatch allStarted = new CountDownLatch(3);
    JavaTask meet =
        ctx -> {
          allStarted.countDown();
          if (!allStarted.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the three stages did not all run at once");
          }
        };
    Pipeline p =
        Pipeline.builder("wide")
            .stage("a", s -> s.java("meet", meet))
            .stage("b", s -> s.java("meet", meet))
            .stage("c", s -> s.java("meet", meet))
            .build();
    assertThat(LocalRunnerConfig.ofDefaults().maxParallelism()).isEmpty();
    RunStatus result = runner().run(p);
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void aRunnerLimitAppliesWhenThePipelineSetsNone() {
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    JavaTask task =
        ctx -> {
          peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
          Thread.sleep(100);
          concurrent.decrementAndGet();
        };
    Pipeline.Builder b = Pipeline.builder("limited");
    for (int i = 0; i < 4; i++) {
      b.stage("s" + i, s -> s.java("work", task));
    }
    PipelineRunner limited =
        LocalPipelineRunner.create(
            LocalRunnerConfig.custom().workspace(workspace).maxParallelism(1).build());
    assertThat(limited.run(b.build()).status()).isEqualTo(Status.SUCCEEDED);
    assertThat(peak.get()).isEqualTo(1);
    assertThatThrownBy(() -> LocalRunnerConfig.custom().maxParallelism(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxParallelism must be at least 1 but was 0");
  }

  @Test
  void backgroundProcessHoldingThePipeCannotHangTheRun() {
    // the step exits at once but leaves a grandchild that inherited stdout and left the step's
    // session (setsid), so ending the session cannot reach it; draining is bounded
    Pipeline p =
        Pipeline.builder("orphan")
            .stage("s", s -> s.step(Step.shell("bg", "/usr/bin/setsid sleep 3 & echo started")))
            .build();
    long t0 = System.nanoTime();
    RunStatus result = runner().run(p);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2900));
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(result.step("s", "bg").tail()).extracting(l -> l.text()).contains("started");
    // the JDK closes the pipe itself if its reaper wins the race against the drain thread;
    // otherwise the
    // bounded wait gives up and says so
    result
        .step("s", "bg")
        .message()
        .ifPresent(m -> assertThat(m).contains("output may be incomplete"));
  }
}
