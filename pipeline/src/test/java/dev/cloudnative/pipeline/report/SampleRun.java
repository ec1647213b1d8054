package dev.cloudnative.pipeline.report;

import dev.cloudnative.pipeline.Pipeline;
import dev.cloudnative.pipeline.RunStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.local.LocalPipelineRunner;
import dev.cloudnative.pipeline.local.LocalRunnerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real run shared by the report tests: a success, a failure with output, a skip and a finally
 * stage.
 */
final class SampleRun {

  /**
   * Text that stresses both escapers: quotes, markup, control characters, a lone surrogate, emoji.
   */
  static final String NASTY =
      "a \"quoted\" <tag> & 'x' \\ back\u0001\u001b[31m \ud83d\ude00 lone\ud800 end";

  private static RunStatus run;

  private SampleRun() {}

  /**
   * The run, made on first use. Not in a static initializer: the Java step's lambda lives in this
   * class, and running it on another thread while this class is still initializing would deadlock.
   */
  static synchronized RunStatus run() {
    if (run == null) {
      run = runOnce();
    }
    return run;
  }

  private static RunStatus runOnce() {
    Path workspace;
    try {
      workspace = Files.createTempDirectory("report-sample");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Pipeline p =
        Pipeline.builder("report")
            .continueOnFailure()
            .stage(
                "lint",
                s ->
                    s.step(
                            Step.shell(
                                "print", "printf '%s\\n' \"$1\"; printf 'oops\\n' >&2", NASTY))
                        .java("log", ctx -> ctx.logger().info(NASTY)))
            .stage(
                "test",
                s ->
                    s.needs("lint")
                        .step(Step.shell("fail", "echo version=7 >> \"$PIPELINE_OUTPUT\"; exit 0"))
                        .step(Step.shell("boom", "exit 3")))
            .stage("deploy", s -> s.needs("test").command("never", "true"))
            .finallyStage("cleanup", s -> s.command("done", "true"))
            .build();
    RunStatus run =
        LocalPipelineRunner.create(
                LocalRunnerConfig.custom()
                    .workspace(workspace)
                    .killGracePeriod(Duration.ofSeconds(1))
                    .build())
            .run(p);
    if (run.status() != Status.FAILED) {
      throw new IllegalStateException("sample run should fail in stage test but was " + run);
    }
    return run;
  }
}
