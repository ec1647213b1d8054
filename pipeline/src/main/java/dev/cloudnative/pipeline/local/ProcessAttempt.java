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
 * starts one) in a session of its own ({@link ProcessSession}), closes its stdin, drains stdout and
 * stderr on two threads, waits for exit, stop or deadline, then kills every process left in the
 * step's session, after a stop or deadline and after a normal exit alike, so no grandchild outlives
 * the step or keeps its pipes open. Single use; not thread-safe.
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
    ProcessBuilder pb =
        new ProcessBuilder(ProcessSession.command(command)).directory(workingDirectory.toFile());
    if (!config.inheritEnvironment()) {
      pb.environment().clear();
    }
    pb.environment().putAll(env);
    String path = pb.environment().getOrDefault("PATH", Executables.DEFAULT_PATH);
    java.util.Optional<String> missing =
        Executables.problem(command.get(0), workingDirectory, path);
    if (missing.isPresent()) {
      return AttemptResult.of(Status.FAILED, OptionalInt.empty(), missing.get());
    }
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return AttemptResult.of(
          Status.FAILED,
          OptionalInt.empty(),
          "cannot start '"
              + command.get(0)
              + "' through "
              + ProcessSession.SETSID
              + ": "
              + e.getMessage());
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
      ProcessSession.end(process.toHandle(), java.time.Duration.ZERO);
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
      // the step is over, so is every process it left behind: they would hold its output pipes
      // and outlive the run
      int left = ProcessSession.end(process.toHandle(), config.killGracePeriod());
      if (left > 0) {
        LOG.debug("{}: killed {} process(es) the step left running", threadPrefix, left);
      }
    } else {
      StopReason reason = stop.getNow(null);
      ProcessSession.end(process.toHandle(), config.killGracePeriod());
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
}
