package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Status;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * Runs one attempt of a process step: starts the argument list (no shell unless the list itself
 * starts one), closes its stdin, drains stdout and stderr on two threads, waits for exit, stop or
 * deadline, and on stop or deadline kills the whole process tree. Single use; not thread-safe.
 */
final class ProcessAttempt {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ProcessAttempt.class);

  private final LocalRunnerConfig config;
  private final String threadPrefix;

  ProcessAttempt(LocalRunnerConfig config, String threadPrefix) {
    this.config = config;
    this.threadPrefix = threadPrefix;
  }

  AttemptResult run(
      List<String> command,
      Path workingDirectory,
      Map<String, String> env,
      BiConsumer<OutputChannel, String> sink,
      CompletableFuture<StopReason> stop,
      Deadline deadline)
      throws InterruptedException {
    if (!Files.isDirectory(workingDirectory)) {
      return AttemptResult.of(
          Status.FAILED,
          OptionalInt.empty(),
          "working directory " + workingDirectory + " does not exist or is not a directory");
    }
    ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
    if (!config.inheritEnvironment()) {
      pb.environment().clear();
    }
    pb.environment().putAll(env);
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      String why = String.valueOf(e.getMessage());
      String text =
          why.contains("error=2,") || why.contains("No such file")
              ? "executable '"
                  + command.get(0)
                  + "' not found (not on PATH "
                  + pathOf(env)
                  + " nor a file)"
              : why.contains("error=13,")
                  ? "executable '" + command.get(0) + "' is not executable (permission denied)"
                  : "cannot start '" + command.get(0) + "': " + why;
      return AttemptResult.of(Status.FAILED, OptionalInt.empty(), text);
    }
    try {
      process.getOutputStream().close(); // the step gets EOF on stdin instead of waiting for input
    } catch (IOException e) {
      LOG.debug("closing stdin of pid {} failed", process.pid(), e);
    }
    Charset cs = config.outputCharset();
    StreamDrain out =
        new StreamDrain(
            threadPrefix + "-stdout", process.getInputStream(), cs, OutputChannel.STDOUT, sink);
    StreamDrain err =
        new StreamDrain(
            threadPrefix + "-stderr", process.getErrorStream(), cs, OutputChannel.STDERR, sink);
    out.start();
    err.start();

    Waiter.Outcome outcome;
    try {
      outcome = Waiter.await(process.onExit(), stop, deadline);
    } catch (InterruptedException e) {
      ProcessTree.kill(process.toHandle(), java.time.Duration.ZERO);
      throw e;
    }
    Status status;
    OptionalInt exit = OptionalInt.empty();
    String message;
    if (outcome == Waiter.Outcome.DONE) {
      int code = process.exitValue();
      exit = OptionalInt.of(code);
      status = code == 0 ? Status.SUCCEEDED : Status.FAILED;
      message = code == 0 ? null : "exit code " + code;
    } else {
      StopReason reason = stop.getNow(null);
      ProcessTree.kill(process.toHandle(), config.killGracePeriod());
      if (outcome == Waiter.Outcome.STOPPED && reason != null) {
        status = reason.status;
        message = reason.text + "; process tree killed";
      } else {
        status = Status.TIMED_OUT;
        message = deadline.reason() + "; process tree killed";
      }
      if (!process.isAlive()) {
        exit = OptionalInt.of(process.exitValue());
      }
    }
    long drainMillis = config.drainTimeout().toMillis();
    long t0 = System.nanoTime();
    boolean outDone = out.await(drainMillis);
    long left = Math.max(0, drainMillis - (System.nanoTime() - t0) / 1_000_000);
    boolean errDone = err.await(left);
    if (!outDone || !errDone) {
      String note =
          "output may be incomplete: a background process still holds the step's output pipe"
              + " after "
              + config.drainTimeout().toMillis()
              + " ms";
      LOG.warn("{} ({})", note, threadPrefix);
      message = message == null ? note : message + "; " + note;
    }
    return AttemptResult.of(status, exit, message);
  }

  private static String pathOf(Map<String, String> env) {
    String p = env.get("PATH");
    return p != null ? p : String.valueOf(System.getenv("PATH"));
  }
}
