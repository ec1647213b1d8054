package dev.cloudnative.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.PipelineRun;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.StepStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No process of a step survives its end, however it ends: timeout, cancel, or a normal exit that
 * leaves a background grandchild, also one that forked twice and was re-parented away from the
 * step. Every process of the step carries a unique environment variable (env is inherited across
 * fork and exec), and {@code /proc/PID/environ} of every running process is searched for it; the
 * test first checks that the marked processes really were running, so "none left" means "killed".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StepProcessesEndTest {
  private static final String MARK = "CN_STEP_MARK";

  @TempDir Path workspace;

  private final String mark = UUID.randomUUID().toString();

  private LocalPipelineRunner runner() {
    return LocalPipelineRunner.create(
        LocalRunnerConfig.custom()
            .workspace(workspace)
            .killGracePeriod(Duration.ofSeconds(1))
            .drainTimeout(Duration.ofSeconds(5))
            .build());
  }

  private Pipeline pipeline(String script, Duration timeout) {
    Step step = Step.shell("s", script).env(MARK, mark);
    return Pipeline.builder("ends")
        .stage("st", s -> s.step(timeout == null ? step : step.timeout(timeout)))
        .build();
  }

  /** Waits until the test created {@code go}, so the processes can be counted first. */
  private static final String AWAIT_GO = "; while [ ! -e go ]; do sleep 0.05; done";

  /**
   * Records output lines and, at the line "up", how many marked processes were running, then
   * creates {@code go}.
   */
  private final class Watch implements dev.cloudnative.pipeline.PipelineListener {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final CountDownLatch up = new CountDownLatch(1);
    volatile int markedAtUp = -1;

    @Override
    public void onEvent(PipelineEvent event) {
      if (event instanceof PipelineEvent.StepOutput o) {
        lines.add(o.line());
        if (o.line().equals("up")) {
          markedAtUp = marked().size();
          up.countDown();
          try {
            Files.createFile(workspace.resolve("go")); // lets a step waiting for it end
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
    }
  }

  @Test
  void timeoutKillsADoubleForkedProcessAndTheStep() throws Exception {
    // the subshell forks sleep and exits: sleep is re-parented to init, out of reach of the tree
    Watch watch = new Watch();
    RunStatus result =
        runner()
            .run(
                pipeline("(sleep 100 &); sleep 100 & echo up; wait", Duration.ofSeconds(2)), watch);
    StepStatus step = result.step("st", "s");
    assertThat(step.status()).isEqualTo(Status.TIMED_OUT);
    assertThat(watch.markedAtUp)
        .as("marked processes while the step ran")
        .isGreaterThanOrEqualTo(3);
    assertNoneLeft();
    assertThat(step.message()).hasValueSatisfying(m -> assertThat(m).doesNotContain("incomplete"));
  }

  @Test
  void cancelKillsADoubleForkedProcessAndTheStep() throws Exception {
    Watch watch = new Watch();
    PipelineRun run = runner().start(pipeline("(sleep 100 &); echo up; sleep 100", null), watch);
    assertThat(watch.up.await(30, TimeUnit.SECONDS)).isTrue();
    // the shell and the re-parented sleep (the last sleep may not have started yet)
    assertThat(marked()).as("marked processes before the cancel").hasSizeGreaterThanOrEqualTo(2);
    run.cancel();
    RunStatus result = run.await(Duration.ofSeconds(30)).orElseThrow();
    assertThat(result.step("st", "s").status()).isEqualTo(Status.CANCELLED);
    assertNoneLeft();
  }

  @Test
  void normalEndKillsABackgroundGrandchild() throws Exception {
    Watch watch = new Watch();
    RunStatus result = runner().run(pipeline("sleep 100 & echo up" + AWAIT_GO, null), watch);
    StepStatus step = result.step("st", "s");
    assertThat(step.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(watch.markedAtUp)
        .as("marked processes while the step ran")
        .isGreaterThanOrEqualTo(2);
    assertNoneLeft();
    assertThat(step.message()).as("the pipes closed, nothing is missing").isEmpty();
  }

  @Test
  void normalEndKillsADoubleForkedProcess() throws Exception {
    Watch watch = new Watch();
    long t0 = System.nanoTime();
    RunStatus result = runner().run(pipeline("(sleep 100 &); echo up" + AWAIT_GO, null), watch);
    StepStatus step = result.step("st", "s");
    assertThat(step.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(watch.markedAtUp)
        .as("marked processes while the step ran")
        .isGreaterThanOrEqualTo(2);
    assertNoneLeft();
    // the drain did not have to give up: the killed process released the pipe
    assertThat(step.message()).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void normalEndKillsJobsAShellMovedToOtherProcessGroups() throws Exception {
    // with job control (set -m) the shell puts each background job in a process group of its own,
    // still inside the step's session
    Watch watch = new Watch();
    RunStatus result =
        runner().run(pipeline("set -m; sleep 100 & echo up" + AWAIT_GO, null), watch);
    assertThat(result.step("st", "s").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(watch.markedAtUp).isGreaterThanOrEqualTo(2);
    assertNoneLeft();
  }

  @Test
  void processesIgnoringSigtermAreKilledAtTheNormalEndToo() throws Exception {
    Watch watch = new Watch();
    RunStatus result =
        runner()
            .run(
                pipeline("trap '' TERM; (sleep 100 &); sleep 100 & echo up" + AWAIT_GO, null),
                watch);
    assertThat(result.step("st", "s").status()).isEqualTo(Status.SUCCEEDED);
    assertThat(watch.markedAtUp).isGreaterThanOrEqualTo(3);
    assertNoneLeft();
  }

  @Test
  void theStepIsTheLeaderOfItsOwnSessionAndProcessGroup() {
    // fields 5 and 6 of /proc/PID/stat are the process group and the session (the command name
    // "sh" has no space in it, so plain splitting is right here)
    RunStatus result =
        runner()
            .run(
                pipeline(
                    "read -r a b c d pgrp sid rest < /proc/$$/stat; echo $$ $pgrp $sid", null));
    String[] ids = result.step("st", "s").tail().get(0).text().split(" ");
    assertThat(ids).hasSize(3);
    assertThat(ids[1]).as("process group").isEqualTo(ids[0]);
    assertThat(ids[2]).as("session").isEqualTo(ids[0]);
    assertThat(ids[0]).isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
  }

  private void assertNoneLeft() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    List<Long> left = marked();
    while (!left.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(50);
      left = marked();
    }
    assertThat(left).as("processes of the step still running").isEmpty();
  }

  /** Pids of running (not zombie) processes whose environment holds this test's mark. */
  private List<Long> marked() {
    byte[] needle = (MARK + "=" + mark).getBytes(StandardCharsets.UTF_8);
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          if (contains(Files.readAllBytes(dir.resolve("environ")), needle)
              && !zombie(dir.resolve("stat"))) {
            found.add(Long.parseLong(dir.getFileName().toString()));
          }
        } catch (IOException | NumberFormatException e) {
          // ended meanwhile, or not ours to read: neither can be a process of the step
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot list /proc", e);
    }
    return found;
  }

  private static boolean zombie(Path stat) throws IOException {
    String s = Files.readString(stat);
    char state = s.charAt(s.lastIndexOf(')') + 2);
    return state == 'Z' || state == 'X';
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (i > 0 && hay[i - 1] != 0) {
        continue; // match whole NUL-separated entries only
      }
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      if (i + needle.length == hay.length || hay[i + needle.length] == 0) {
        return true;
      }
    }
    return false;
  }
}
