package dev.cloudnative.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Matrix combinations as the local runner runs them: env, fail-fast and max-parallel. */
class MatrixRunTest {

  @TempDir Path workspace;

  private RunStatus run(Pipeline p) {
    return LocalPipelineRunner.create(
            LocalRunnerConfig.custom()
                .workspace(workspace)
                .killGracePeriod(Duration.ofSeconds(1))
                .build())
        .run(p);
  }

  @Test
  void everyCombinationRunsWithItsValues() {
    Pipeline p =
        Pipeline.builder("m")
            .stage(
                "t",
                s ->
                    s.matrix(m -> m.axis("jdk", "17", "21").axis("os", "linux"))
                        .shell("env", "echo \"$MATRIX_JDK/$MATRIX_OS\"")
                        .command("arg", "echo", "jdk ${{ matrix.jdk }}"))
            .stage("after", s -> s.needs("t").shell("all", "echo done"))
            .build();
    RunStatus r = run(p);
    assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(r.step("t (jdk=17, os=linux)", "env").tail(OutputChannel.STDOUT))
        .containsExactly("17/linux");
    assertThat(r.step("t (jdk=21, os=linux)", "arg").tail(OutputChannel.STDOUT))
        .containsExactly("jdk 21");
    assertThat(r.stage("after").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void aFailedCombinationCancelsItsSiblingsButNotOtherStages() {
    Pipeline p =
        Pipeline.builder("ff")
            .continueOnFailure()
            .stage(
                "t",
                s ->
                    s.matrix(m -> m.axis("n", "1", "2", "3"))
                        .shell("work", "if [ \"$MATRIX_N\" = 1 ]; then exit 1; fi; sleep 60"))
            .stage("other", s -> s.shell("ok", "sleep 1"))
            .build();
    long t0 = System.nanoTime();
    RunStatus r = run(p);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(40));
    assertThat(r.stage("t (n=1)").orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(r.stage("t (n=2)").orElseThrow().status()).isEqualTo(Status.CANCELLED);
    assertThat(r.stage("t (n=3)").orElseThrow().status()).isEqualTo(Status.CANCELLED);
    assertThat(r.stage("t (n=2)").orElseThrow().message())
        .get()
        .asString()
        .contains("matrix's fail-fast");
    assertThat(r.stage("other").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
    assertThat(r.status()).isEqualTo(Status.FAILED);
  }

  @Test
  void withoutFailFastTheSiblingsFinish() {
    Pipeline p =
        Pipeline.builder("no-ff")
            .continueOnFailure()
            .stage(
                "t",
                s ->
                    s.matrix(m -> m.axis("n", "1", "2").failFast(false))
                        .shell("work", "if [ \"$MATRIX_N\" = 1 ]; then exit 1; fi; sleep 1"))
            .build();
    RunStatus r = run(p);
    assertThat(r.stage("t (n=1)").orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(r.stage("t (n=2)").orElseThrow().status()).isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void maxParallelBoundsTheCombinationsRunningAtOnceAndFailFastSkipsTheRest() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Pipeline p =
        Pipeline.builder("mp")
            .stage(
                "t",
                s ->
                    s.matrix(m -> m.axis("n", "1", "2", "3", "4").maxParallel(2))
                        .java(
                            "count",
                            ctx -> {
                              int now = running.incrementAndGet();
                              most.accumulateAndGet(now, Math::max);
                              Thread.sleep(200);
                              running.decrementAndGet();
                            }))
            .build();
    assertThat(run(p).status()).isEqualTo(Status.SUCCEEDED);
    assertThat(most.get()).isEqualTo(2);

    Pipeline serial =
        Pipeline.builder("serial")
            .continueOnFailure()
            .stage(
                "t",
                s ->
                    s.matrix(m -> m.axis("n", "1", "2", "3").maxParallel(1))
                        .shell("work", "[ \"$MATRIX_N\" != 1 ]"))
            .build();
    RunStatus r = run(serial);
    assertThat(r.stage("t (n=1)").orElseThrow().status()).isEqualTo(Status.FAILED);
    assertThat(r.stage("t (n=2)").orElseThrow().status()).isEqualTo(Status.SKIPPED);
    assertThat(r.stage("t (n=3)").orElseThrow().message())
        .hasValue("not run: matrix fail-fast after 't (n=1)' failed");
  }
}
