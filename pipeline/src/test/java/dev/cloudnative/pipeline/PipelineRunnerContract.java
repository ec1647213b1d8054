package dev.cloudnative.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link PipelineRunner} must show, with real processes from the base system. A
 * concrete subclass supplies the runner.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class PipelineRunnerContract {

  /**
   * The runner under test, with a kill grace period of at most about a second and {@code
   * workspace}.
   */
  protected abstract PipelineRunner runner(Path workspace);

  @TempDir protected Path workspace;

  protected PipelineRunner runner() {
    return runner(workspace);
  }

  /** Records every event; thread-safe. */
  protected static final class Recorder implements PipelineListener {
    final List<PipelineEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(PipelineEvent event) {
      events.add(event);
    }

    List<String> stageStarts() {
      return events.stream()
          .filter(e -> e instanceof PipelineEvent.StageStarted)
          .map(e -> ((PipelineEvent.StageStarted) e).stage())
          .toList();
    }

    List<String> lines(String stage, String step) {
      return events.stream()
          .filter(
              e ->
                  e instanceof PipelineEvent.StepOutput o
                      && o.stage().equals(stage)
                      && o.step().equals(step))
          .map(e -> ((PipelineEvent.StepOutput) e).line())
          .toList();
    }
  }

  private static Step sh(String name, String script, String... args) {
    return Step.shell(name, script, args);
  }

  @Test
  void runsStagesInDagOrder() throws Exception {
    Path log = workspace.resolve("order.log");
    String append = "printf '%s\\n' \"$1\" >> \"$2\"";
    Pipeline p =
        Pipeline.builder("dag")
            .stage(
                "deploy",
                s -> s.needs("test", "build").step(sh("d", append, "deploy", log.toString())))
            .stage("lint", s -> s.step(sh("l", append, "lint", log.toString())))
            .stage("test", s -> s.needs("lint").step(sh("t", append, "test", log.toString())))
            .stage("build", s -> s.needs("lint").step(sh("b", append, "build", log.toString())))
            .build();
    Recorder rec = new Recorder();
    RunStatus result = runner().run(p, rec);

    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    List<String> order = Files.readAllLines(log);
    assertThat(order).hasSize(4);
    assertThat(order.get(0)).isEqualTo("lint");
    assertThat(order.subList(1, 3)).containsExactlyInAnyOrder("test", "build");
    assertThat(order.get(3)).isEqualTo("deploy");
    assertThat(rec.stageStarts().get(0)).isEqualTo("lint");
    assertThat(rec.events.get(0)).isInstanceOf(PipelineEvent.RunStarted.class);
    assertThat(rec.events.get(rec.events.size() - 1)).isInstanceOf(PipelineEvent.RunFinished.class);
    assertThat(result.stages()).extracting(StageStatus::status).containsOnly(Status.SUCCEEDED);
  }

  @Test
  void independentStagesRunInParallel() {
    Pipeline p =
        Pipeline.builder("parallel")
            .maxParallelism(2)
            .stage("a", s -> s.command("sleep", "sleep", "1.5"))
            .stage("b", s -> s.command("sleep", "sleep", "1.5"))
            .build();
    long t0 = System.nanoTime();
    RunStatus result = runner().run(p);
    long millis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    // serial would take >= 3 s, parallel about 1.5 s; generous bound for a loaded machine
    assertThat(millis).isLessThan(2700);
  }

  @Test
  void maxParallelismOfOneRunsStagesOneAtATime() {
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    JavaTask task =
        ctx -> {
          peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
          Thread.sleep(100);
          concurrent.decrementAndGet();
        };
    Pipeline.Builder b = Pipeline.builder("serial").maxParallelism(1);
    for (int i = 0; i < 4; i++) {
      b.stage("s" + i, s -> s.java("work", task));
    }
    assertThat(runner().run(b.build()).status()).isEqualTo(Status.SUCCEEDED);
    assertThat(peak.get()).isEqualTo(1);
  }

  @Test
  void failFastCancelsRunningStagesAndSkipsTheRest() {
    Pipeline p =
        Pipeline.builder("ff")
            .failFast()
            .stage("broken", s -> s.step(sh("fail", "sleep 0.2; exit 3")))
            .stage("slow", s -> s.command("sleep", "sleep", "30"))
            .stage("after", s -> s.needs("slow").command("echo", "echo", "never"))
            .stage("independent-later", s -> s.needs("broken").command("echo", "echo", "never"))
            .build();
    long t0 = System.nanoTime();
    RunStatus result = runner().run(p);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.message())
        .hasValueSatisfying(m -> assertThat(m).contains("broken").contains("exit code 3"));
    assertThat(result.step("broken", "fail").exitCode()).hasValue(3);
    assertThat(result.stage("slow").orElseThrow().status()).isEqualTo(Status.CANCELLED);
    assertThat(result.stage("after").orElseThrow().status()).isEqualTo(Status.SKIPPED);
    assertThat(result.stage("independent-later").orElseThrow().status()).isEqualTo(Status.SKIPPED);
  }

  @Test
  void continueModeRunsEverythingThatCanRun() {
    Pipeline p =
        Pipeline.builder("cont")
            .continueOnFailure()
            .stage("broken", s -> s.step(sh("fail", "exit 1")))
            .stage("other", s -> s.step(sh("ok", "sleep 0.3")))
            .stage("after-other", s -> s.needs("other").command("true", "true"))
            .stage("after-broken", s -> s.needs("broken").command("true", "true"))
            .stage("report", s -> s.needs("broken").onFailure().command("true", "true"))
            .stage("cleanup", s -> s.needs("after-broken").always().command("true", "true"))
            .build();
    RunStatus result = runner().run(p);

    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(statusOf(result, "other")).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(result, "after-other")).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(result, "after-broken")).isEqualTo(Status.SKIPPED);
    assertThat(result.stage("after-broken").orElseThrow().message())
        .hasValueSatisfying(m -> assertThat(m).contains("broken"));
    assertThat(statusOf(result, "report")).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(result, "cleanup")).isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void onFailureStageIsSkippedWhenNothingFailed() {
    Pipeline p =
        Pipeline.builder("nofail")
            .stage("ok", s -> s.command("true", "true"))
            .stage("notify", s -> s.needs("ok").onFailure().command("true", "true"))
            .build();
    RunStatus result = runner().run(p);
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(result, "notify")).isEqualTo(Status.SKIPPED);
  }

  @Test
  void continueOnErrorStepAndStageDoNotFailTheRun() {
    Pipeline p =
        Pipeline.builder("coe")
            .stage(
                "a", s -> s.step(sh("flaky", "exit 2").continueOnError()).command("next", "true"))
            .stage("b", s -> s.continueOnError().step(sh("bad", "exit 4")))
            .stage("c", s -> s.needs("a", "b").command("true", "true"))
            .build();
    RunStatus result = runner().run(p);
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(result.step("a", "flaky").status()).isEqualTo(Status.FAILED);
    assertThat(result.step("a", "next").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(result, "b")).isEqualTo(Status.FAILED);
    assertThat(statusOf(result, "c")).isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void failedStepSkipsTheRestOfItsStage() {
    Pipeline p =
        Pipeline.builder("seq")
            .continueOnFailure()
            .stage("a", s -> s.step(sh("one", "exit 1")).command("two", "true"))
            .build();
    RunStatus result = runner().run(p);
    assertThat(result.step("a", "one").status()).isEqualTo(Status.FAILED);
    assertThat(result.step("a", "two").status()).isEqualTo(Status.SKIPPED);
    assertThat(result.step("a", "two").attempts()).isZero();
  }

  @Test
  void retriesCountAttemptsAndStopAtFirstSuccess() {
    Path counter = workspace.resolve("count");
    // fails on attempts 1 and 2, succeeds on 3
    String script =
        "n=$(cat \"$1\" 2>/dev/null || echo 0); n=$((n+1)); echo $n > \"$1\"; "
            + "echo attempt $PIPELINE_ATTEMPT; [ $n -ge 3 ]";
    Recorder rec = new Recorder();
    Pipeline p =
        Pipeline.builder("retry")
            .stage(
                "flaky",
                s ->
                    s.step(
                        sh("try", script, counter.toString())
                            .retry(
                                RetryPolicy.custom()
                                    .maxAttempts(5)
                                    .backoff(Duration.ofMillis(50), Duration.ofSeconds(5))
                                    .multiplier(2.0)
                                    .build())))
            .stage("hopeless", s -> s.step(sh("never", "exit 7").retry(RetryPolicy.attempts(3))))
            .continueOnFailure()
            .build();
    RunStatus result = runner().run(p, rec);

    StepStatus flaky = result.step("flaky", "try");
    assertThat(flaky.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(flaky.attempts()).isEqualTo(3);
    assertThat(rec.lines("flaky", "try")).containsExactly("attempt 1", "attempt 2", "attempt 3");
    List<PipelineEvent.StepFinished> finished =
        rec.events.stream()
            .filter(e -> e instanceof PipelineEvent.StepFinished f && f.stage().equals("flaky"))
            .map(e -> (PipelineEvent.StepFinished) e)
            .toList();
    assertThat(finished).extracting(PipelineEvent.StepFinished::attempt).containsExactly(1, 2, 3);
    assertThat(finished)
        .extracting(PipelineEvent.StepFinished::willRetry)
        .containsExactly(true, true, false);
    StepStatus hopeless = result.step("hopeless", "never");
    assertThat(hopeless.status()).isEqualTo(Status.FAILED);
    assertThat(hopeless.attempts()).isEqualTo(3);
    assertThat(hopeless.exitCode()).hasValue(7);
    assertThat(hopeless.message())
        .hasValueSatisfying(m -> assertThat(m).contains("after 3 attempts"));
  }

  @Test
  void stepTimeoutKillsTheWholeProcessTree() throws Exception {
    Recorder rec = new Recorder();
    Pipeline p =
        Pipeline.builder("timeout")
            .stage(
                "hang",
                s ->
                    s.step(
                        sh("tree", "sleep 100 & echo $!; sh -c 'sleep 100 & echo $!; wait' & wait")
                            .timeout(Duration.ofMillis(700))))
            .build();
    long t0 = System.nanoTime();
    RunStatus result = runner().run(p, rec);

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    StepStatus step = result.step("hang", "tree");
    assertThat(step.status()).isEqualTo(Status.TIMED_OUT);
    assertThat(step.message()).hasValueSatisfying(m -> assertThat(m).contains("timeout"));
    assertThat(result.status()).isEqualTo(Status.FAILED);
    List<String> pids = rec.lines("hang", "tree");
    assertThat(pids).hasSize(2);
    assertProcessesGone(pids);
  }

  @Test
  void processesIgnoringSigtermAreKilledAfterTheGracePeriod() throws Exception {
    Recorder rec = new Recorder();
    // an ignored signal stays ignored across fork and exec, so the sleep ignores SIGTERM as well
    Pipeline p =
        Pipeline.builder("stubborn")
            .stage(
                "s",
                s ->
                    s.step(
                        sh("trap", "trap '' TERM; sleep 100 & echo $!; wait; wait")
                            .timeout(Duration.ofMillis(500))))
            .build();
    RunStatus result = runner().run(p, rec);
    assertThat(result.step("s", "trap").status()).isEqualTo(Status.TIMED_OUT);
    assertProcessesGone(rec.lines("s", "trap"));
  }

  @Test
  void runTimeoutStopsEverything() throws Exception {
    Recorder rec = new Recorder();
    Pipeline p =
        Pipeline.builder("run-timeout")
            .timeout(Duration.ofMillis(800))
            .stage("hang", s -> s.step(sh("tree", "sleep 100 & echo $!; wait")))
            .stage("later", s -> s.needs("hang").command("true", "true"))
            .finallyStage("cleanup", s -> s.command("true", "true"))
            .build();
    RunStatus result = runner().run(p, rec);

    assertThat(result.status()).isEqualTo(Status.TIMED_OUT);
    assertThat(statusOf(result, "hang")).isEqualTo(Status.TIMED_OUT);
    assertThat(statusOf(result, "later")).isEqualTo(Status.SKIPPED);
    assertThat(statusOf(result, "cleanup")).isEqualTo(Status.SUCCEEDED);
    assertProcessesGone(rec.lines("hang", "tree"));
  }

  @Test
  void runTimeoutStillBoundsAlwaysStagesStartedAfterFailFast() {
    Pipeline p =
        Pipeline.builder("ff-timeout")
            .timeout(Duration.ofMillis(1500))
            .stage("broken", s -> s.step(sh("fail", "exit 1")))
            .stage("report", s -> s.needs("broken").always().command("sleep", "sleep", "30"))
            .build();
    long t0 = System.nanoTime();
    RunStatus result = runner().run(p);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    assertThat(result.status()).isEqualTo(Status.TIMED_OUT);
    assertThat(statusOf(result, "broken")).isEqualTo(Status.FAILED);
    assertThat(statusOf(result, "report")).isEqualTo(Status.TIMED_OUT);
  }

  @Test
  void cancelMidRunKillsProcessesAndStillRunsFinally() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Recorder rec = new Recorder();
    Pipeline p =
        Pipeline.builder("cancel")
            .stage("long", s -> s.step(sh("tree", "sleep 100 & echo $!; wait")))
            .stage("next", s -> s.needs("long").command("true", "true"))
            .finallyStage("always", s -> s.command("true", "true"))
            .finallyStage(
                "only-on-success", s -> s.when(Condition.ON_SUCCESS).command("true", "true"))
            .build();
    PipelineRun run =
        runner()
            .start(
                p,
                rec,
                e -> {
                  if (e instanceof PipelineEvent.StepOutput) {
                    started.countDown();
                  }
                });
    assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
    RunStatus mid = run.status();
    assertThat(mid.status()).isEqualTo(Status.RUNNING);
    assertThat(mid.stage("long").orElseThrow().status()).isEqualTo(Status.RUNNING);
    assertThat(mid.stage("next").orElseThrow().status()).isEqualTo(Status.PENDING);

    Thread other = new Thread(run::cancel);
    other.start();
    other.join();
    RunStatus result = run.await(Duration.ofSeconds(20)).orElseThrow();

    assertThat(run.isDone()).isTrue();
    assertThat(result.status()).isEqualTo(Status.CANCELLED);
    assertThat(statusOf(result, "long")).isEqualTo(Status.CANCELLED);
    assertThat(statusOf(result, "next")).isEqualTo(Status.SKIPPED);
    assertThat(statusOf(result, "always")).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(result, "only-on-success")).isEqualTo(Status.SKIPPED);
    assertProcessesGone(rec.lines("long", "tree"));
    run.cancel(); // idempotent after the end
    assertThat(run.status().status()).isEqualTo(Status.CANCELLED);
  }

  @Test
  void finallyStagesRunAfterSuccessAndFailureWithMatchingConditions() {
    Pipeline.Builder b =
        Pipeline.builder("fin")
            .finallyStage("always", s -> s.command("true", "true"))
            .finallyStage("on-failure", s -> s.onFailure().command("true", "true"))
            .finallyStage("on-success", s -> s.when(Condition.ON_SUCCESS).command("true", "true"))
            .finallyStage("after-always", s -> s.needs("always").command("true", "true"));
    Pipeline ok = Pipeline.builder("fin-ok").stage("main", s -> s.command("true", "true")).build();
    Pipeline ko =
        Pipeline.builder("fin-ko").stage("main", s -> s.command("false", "false")).build();

    RunStatus good =
        runner()
            .run(
                new Pipeline(
                    ok.name(),
                    Map.of(),
                    ok.stages(),
                    b.build().finallyStages(),
                    FailureMode.FAIL_FAST,
                    java.util.OptionalInt.empty(),
                    java.util.Optional.empty(),
                    Pipeline.DEFAULT_FINALLY_TIMEOUT));
    RunStatus bad =
        runner()
            .run(
                new Pipeline(
                    ko.name(),
                    Map.of(),
                    ko.stages(),
                    b.build().finallyStages(),
                    FailureMode.FAIL_FAST,
                    java.util.OptionalInt.empty(),
                    java.util.Optional.empty(),
                    Pipeline.DEFAULT_FINALLY_TIMEOUT));

    assertThat(good.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(good, "always")).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(good, "on-failure")).isEqualTo(Status.SKIPPED);
    assertThat(statusOf(good, "on-success")).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(good, "after-always")).isEqualTo(Status.SUCCEEDED);
    assertThat(bad.status()).isEqualTo(Status.FAILED);
    assertThat(statusOf(bad, "always")).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(bad, "on-failure")).isEqualTo(Status.SUCCEEDED);
    assertThat(statusOf(bad, "on-success")).isEqualTo(Status.SKIPPED);
    assertThat(bad.stage("always").orElseThrow().finallyStage()).isTrue();
  }

  @Test
  void failingFinallyStageFailsAnOtherwiseSuccessfulRun() {
    Pipeline p =
        Pipeline.builder("fin-fail")
            .stage("main", s -> s.command("true", "true"))
            .finallyStage("cleanup", s -> s.step(sh("boom", "exit 9")))
            .build();
    RunStatus result = runner().run(p);
    assertThat(result.status()).isEqualTo(Status.FAILED);
    assertThat(result.message()).hasValueSatisfying(m -> assertThat(m).contains("cleanup"));
  }

  @Test
  void argumentsAreNeverInterpretedByAShell() throws Exception {
    Path victim = Files.createFile(workspace.resolve("victim"));
    String[] hostile = {
      "; rm -rf " + victim,
      "$(rm -rf " + victim + ")",
      "`rm " + victim + "`",
      "| rm " + victim,
      "&& rm " + victim,
      "\"'$HOME'\"",
      "*",
      "\n rm " + victim
    };
    Recorder rec = new Recorder();
    Pipeline p =
        Pipeline.builder("inject")
            .stage(
                "command", s -> s.step(Step.command("printf", "printf", prepend("%s\\n", hostile))))
            .stage("shell-args", s -> s.step(sh("printf", "printf '%s\\n' \"$@\"", hostile)))
            .stage(
                "env",
                s -> s.env("HOSTILE", hostile[1]).step(sh("echo", "printf '%s\\n' \"$HOSTILE\"")))
            .build();
    RunStatus result = runner().run(p, rec);

    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(victim).exists();
    List<String> expected = new ArrayList<>();
    for (String h : hostile) {
      expected.addAll(List.of(h.split("\n", -1)));
    }
    assertThat(rec.lines("command", "printf")).containsExactlyElementsOf(expected);
    assertThat(rec.lines("shell-args", "printf")).containsExactlyElementsOf(expected);
    assertThat(rec.lines("env", "echo")).containsExactly(hostile[1]);
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  @Test
  void missingExecutableFailsWithAClearMessage() {
    Pipeline p =
        Pipeline.builder("missing")
            .stage("a", s -> s.command("ghost", "definitely-not-a-command-4711", "--version"))
            .build();
    RunStatus result = runner().run(p);
    StepStatus step = result.step("a", "ghost");
    assertThat(step.status()).isEqualTo(Status.FAILED);
    assertThat(step.message())
        .hasValueSatisfying(
            m -> assertThat(m).contains("definitely-not-a-command-4711").contains("not found"));
  }

  @Test
  void missingWorkingDirectoryFailsWithAClearMessage() {
    Pipeline p =
        Pipeline.builder("nodir")
            .stage("a", s -> s.step(Step.command("ls", "ls").workingDirectory("no/such/dir")))
            .build();
    StepStatus step = runner().run(p).step("a", "ls");
    assertThat(step.status()).isEqualTo(Status.FAILED);
    assertThat(step.message()).hasValueSatisfying(m -> assertThat(m).contains("no/such/dir"));
  }

  @Test
  void environmentIsMergedPipelineStageStepAndWorkingDirectoryApplies() throws Exception {
    Files.createDirectories(workspace.resolve("sub"));
    Recorder rec = new Recorder();
    Pipeline p =
        Pipeline.builder("env")
            .env("A", "pipeline")
            .env("B", "pipeline")
            .env("C", "pipeline")
            .stage(
                "s",
                s ->
                    s.env("B", "stage")
                        .env("C", "stage")
                        .step(
                            sh("print", "echo \"$A $B $C\"; pwd")
                                .env("C", "step")
                                .workingDirectory("sub")))
            .build();
    RunStatus result = runner().run(p, rec);
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(rec.lines("s", "print"))
        .containsExactly("pipeline stage step", workspace.resolve("sub").toRealPath().toString());
  }

  @Test
  void outputsFlowToLaterStagesFromProcessesAndJavaSteps() {
    Recorder rec = new Recorder();
    Map<String, String> seenByJava = new ConcurrentHashMap<>();
    Pipeline p =
        Pipeline.builder("outputs")
            .stage(
                "build",
                s ->
                    s.step(sh("version", "echo version=1.2.3 >> \"$PIPELINE_OUTPUT\""))
                        .java(
                            "digest",
                            ctx -> {
                              seenByJava.put(
                                  "same-stage", ctx.input("build", "version").orElse("none"));
                              ctx.output("digest", "sha256:abc");
                            }))
            .stage(
                "deploy",
                s ->
                    s.needs("build")
                        .step(sh("use", "echo \"$OUTPUT_BUILD_VERSION $OUTPUT_BUILD_DIGEST\""))
                        .java(
                            "read",
                            ctx -> {
                              seenByJava.put(
                                  "later",
                                  ctx.input("build", "digest").orElse("none")
                                      + " "
                                      + ctx.env().get("OUTPUT_BUILD_VERSION"));
                              // outputs of stages that are not ancestors stay invisible, however
                              // timing falls
                              seenByJava.put(
                                  "unrelated",
                                  ctx.input("side", "secret").orElse("invisible")
                                      + " "
                                      + ctx.env().getOrDefault("OUTPUT_SIDE_SECRET", "invisible"));
                            }))
            .stage("side", s -> s.java("publish", ctx -> ctx.output("secret", "s3cr3t")))
            .build();
    RunStatus result = runner().run(p, rec);

    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(result.stage("build").orElseThrow().outputs())
        .containsEntry("version", "1.2.3")
        .containsEntry("digest", "sha256:abc");
    assertThat(rec.lines("deploy", "use")).containsExactly("1.2.3 sha256:abc");
    assertThat(seenByJava)
        .containsEntry("same-stage", "1.2.3")
        .containsEntry("later", "sha256:abc 1.2.3")
        .containsEntry("unrelated", "invisible invisible");
  }

  @Test
  void multiLineOutputsAndMalformedOutputFiles() {
    Pipeline p =
        Pipeline.builder("heredoc")
            .continueOnFailure()
            .stage(
                "notes",
                s ->
                    s.step(
                        sh(
                            "write",
                            "printf 'notes<<EOF\\n"
                                + "line one\\n"
                                + "line two\\n"
                                + "EOF\\n"
                                + "short=yes\\n"
                                + "' >> \"$PIPELINE_OUTPUT\"")))
            .stage("bad", s -> s.step(sh("write", "echo 'no equals sign' >> \"$PIPELINE_OUTPUT\"")))
            .build();
    RunStatus result = runner().run(p);
    assertThat(result.stage("notes").orElseThrow().outputs())
        .containsEntry("notes", "line one\nline two")
        .containsEntry("short", "yes");
    assertThat(result.step("bad", "write").status()).isEqualTo(Status.FAILED);
    assertThat(result.step("bad", "write").message())
        .hasValueSatisfying(
            m -> assertThat(m).contains("malformed line").contains("no equals sign"));
  }

  @Test
  void oneRunnerRunsSeveralPipelinesConcurrently() {
    PipelineRunner runner = runner();
    List<PipelineRun> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String marker = "run-" + i;
      runs.add(
          runner.start(
              Pipeline.builder("concurrent-" + i)
                  .stage("a", s -> s.step(sh("echo", "sleep 0.2; echo \"$1\"", marker)))
                  .stage(
                      "b", s -> s.needs("a").java("check", ctx -> ctx.logger().info(ctx.runId())))
                  .build()));
    }
    for (int i = 0; i < runs.size(); i++) {
      RunStatus r = runs.get(i).await();
      assertThat(r.status()).isEqualTo(Status.SUCCEEDED);
      assertThat(r.step("a", "echo").tail(OutputChannel.STDOUT)).containsExactly("run-" + i);
      assertThat(r.step("b", "check").tail(OutputChannel.STDOUT)).containsExactly(r.runId());
    }
    assertThat(runs.stream().map(PipelineRun::runId).distinct()).hasSize(4);
  }

  @Test
  void javaStepsLogFailAndTimeOut() {
    Recorder rec = new Recorder();
    Pipeline p =
        Pipeline.builder("java")
            .continueOnFailure()
            .stage(
                "ok",
                s ->
                    s.java(
                        "hello",
                        ctx -> {
                          ctx.logger().info("hello from " + ctx.stageName() + "/" + ctx.stepName());
                          ctx.logger().error("to stderr");
                        }))
            .stage(
                "throws",
                s ->
                    s.java(
                        "boom",
                        ctx -> {
                          throw new IllegalStateException("kaputt");
                        }))
            .stage(
                "slow",
                s ->
                    s.step(
                        Step.java("sleepy", ctx -> Thread.sleep(60_000))
                            .timeout(Duration.ofMillis(300))))
            .build();
    RunStatus result = runner().run(p, rec);

    assertThat(rec.lines("ok", "hello")).containsExactly("hello from ok/hello", "to stderr");
    StepStatus ok = result.step("ok", "hello");
    assertThat(ok.tail(OutputChannel.STDERR)).containsExactly("to stderr");
    assertThat(result.step("throws", "boom").message())
        .hasValueSatisfying(
            m -> assertThat(m).contains("IllegalStateException").contains("kaputt"));
    assertThat(result.step("slow", "sleepy").status()).isEqualTo(Status.TIMED_OUT);
  }

  @Test
  void stageTimeoutBoundsAllItsStepsAndRetries() {
    Pipeline p =
        Pipeline.builder("stage-timeout")
            .stage(
                "s",
                s ->
                    s.timeout(Duration.ofMillis(600))
                        .step(Step.command("sleep", "sleep", "30").retry(RetryPolicy.attempts(5))))
            .build();
    long t0 = System.nanoTime();
    RunStatus result = runner().run(p);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    assertThat(result.step("s", "sleep").status()).isEqualTo(Status.TIMED_OUT);
    assertThat(result.step("s", "sleep").attempts()).isEqualTo(1);
  }

  @Test
  void millionLinesOnBothStreamsKeepOrderAndExactTail() {
    int n = 1_000_000;
    AtomicLong outNext = new AtomicLong(1);
    AtomicLong errNext = new AtomicLong(1);
    List<String> disorder = Collections.synchronizedList(new ArrayList<>());
    PipelineListener checker =
        e -> {
          if (e instanceof PipelineEvent.StepOutput o) {
            AtomicLong next = o.channel() == OutputChannel.STDOUT ? outNext : errNext;
            long expected = next.getAndIncrement();
            if (!o.line().equals(Long.toString(expected)) && disorder.size() < 5) {
              disorder.add(o.channel() + " expected " + expected + " got " + o.line());
            }
          }
        };
    Pipeline p =
        Pipeline.builder("flood")
            .stage(
                "s",
                s ->
                    s.step(
                        sh("both", "seq 1 \"$1\" >&2 & seq 1 \"$1\"; wait", Integer.toString(n))))
            .build();
    RunStatus result = runner().run(p, checker);

    StepStatus step = result.step("s", "both");
    assertThat(step.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(disorder).isEmpty();
    assertThat(outNext.get() - 1).isEqualTo(n);
    assertThat(errNext.get() - 1).isEqualTo(n);
    assertThat(step.outputLines()).isEqualTo(2L * n);
    List<String> outTail = step.tail(OutputChannel.STDOUT);
    List<String> errTail = step.tail(OutputChannel.STDERR);
    // the tail holds the last lines in arrival order across both channels; each channel's share of
    // it
    // must be exactly the end of what that channel printed
    assertThat(step.tail()).hasSize(tailLines());
    assertThat(outTail.size() + errTail.size()).isEqualTo(tailLines());
    for (int i = 0; i < outTail.size(); i++) {
      assertThat(outTail.get(i)).isEqualTo(Integer.toString(n - outTail.size() + 1 + i));
    }
    for (int i = 0; i < errTail.size(); i++) {
      assertThat(errTail.get(i)).isEqualTo(Integer.toString(n - errTail.size() + 1 + i));
    }
  }

  @Test
  void yesPipedToHeadThroughAnExplicitShellStep() {
    Recorder rec = new Recorder();
    Pipeline p =
        Pipeline.builder("yes")
            .stage("s", s -> s.step(sh("yes", "yes pipeline | head -n 3")))
            .build();
    RunStatus result = runner().run(p, rec);
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(rec.lines("s", "yes")).containsExactly("pipeline", "pipeline", "pipeline");
  }

  @Test
  void aThrowingListenerDoesNotBreakTheRun() {
    Pipeline p =
        Pipeline.builder("listener").stage("s", s -> s.command("echo", "echo", "hi")).build();
    RunStatus result =
        runner()
            .run(
                p,
                e -> {
                  throw new IllegalStateException("listener bug");
                });
    assertThat(result.status()).isEqualTo(Status.SUCCEEDED);
  }

  @Test
  void snapshotsAreImmutableAndRunsAreRepeatable() {
    Pipeline p = Pipeline.builder("again").stage("s", s -> s.command("echo", "echo", "x")).build();
    RunStatus first = runner().run(p);
    PipelineRun again = runner().start(p);
    RunStatus second = again.completion().toCompletableFuture().join();
    assertThat(again.await()).isEqualTo(second);
    assertThat(again.await(Duration.ofMillis(1))).contains(second);
    assertThat(first.runId()).isNotEqualTo(second.runId());
    assertThat(first.status()).isEqualTo(second.status()).isEqualTo(Status.SUCCEEDED);
    assertThatThrownBy(() -> first.stages().add(first.stages().get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** Lines the runner under test keeps per step. */
  protected abstract int tailLines();

  protected static Status statusOf(RunStatus run, String stage) {
    return run.stage(stage).orElseThrow().status();
  }

  @Test
  void closeIsIdempotentAndRefusesNewRunsWhileRunsInProgressFinish() throws Exception {
    PipelineRunner runner = runner();
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PipelineRun inProgress =
        runner.start(
            Pipeline.builder("in-progress")
                .stage(
                    "wait",
                    s ->
                        s.java(
                            "gate",
                            ctx -> {
                              inside.countDown();
                              release.await();
                            }))
                .build());
    try {
      assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
      runner.close();
      runner.close();
      Pipeline next =
          Pipeline.builder("after-close").stage("s", s -> s.command("true", "true")).build();
      assertThatThrownBy(() -> runner.start(next))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("pipeline runner is closed");
      assertThatThrownBy(() -> runner.run(next))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("pipeline runner is closed");
      assertThat(inProgress.isDone()).as("close does not stop a run in progress").isFalse();
    } finally {
      release.countDown();
    }
    assertThat(inProgress.await().status()).isEqualTo(Status.SUCCEEDED);
  }

  protected static void assertProcessesGone(List<String> pids) throws InterruptedException {
    assertThat(pids).isNotEmpty();
    for (String pid : pids) {
      long id = Long.parseLong(pid.trim());
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (running(id) && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      assertThat(running(id)).as("process %s must be gone", id).isFalse();
    }
  }

  /**
   * Alive and not a zombie: in containers whose PID 1 does not reap orphans, a killed process stays
   * a zombie (already dead, resources released) and {@link ProcessHandle#isAlive()} still reports
   * it.
   */
  private static boolean running(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return !state.equals("Z") && !state.equals("X");
    } catch (java.io.IOException e) {
      return false; // vanished between the two checks
    }
  }
}
