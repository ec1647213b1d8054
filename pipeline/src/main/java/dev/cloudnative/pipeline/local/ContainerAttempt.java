package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.ContainerStep;
import dev.cloudnative.pipeline.ContainerStepExecution;
import dev.cloudnative.pipeline.ContainerStepExecutor;
import dev.cloudnative.pipeline.ContainerStepRequest;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * Runs one attempt of a container step through the runner's {@link ContainerStepExecutor} with the
 * semantics of a process attempt: the workspace and the run's output directory are mounted, the
 * wait ends at exit, stop signal or deadline, and the container is stopped and removed in every
 * case (after a normal exit too), so nothing of the attempt outlives it. Single use; not
 * thread-safe.
 */
final class ContainerAttempt {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ContainerAttempt.class);

  private final LocalRunnerConfig config;
  private final ContainerStepExecutor executor;

  ContainerAttempt(LocalRunnerConfig config, ContainerStepExecutor executor) {
    this.config = config;
    this.executor = executor;
  }

  /** The container path a step's working directory means: relative ones are under the workspace. */
  static String containerWorkingDirectory(ContainerStep step) {
    return step.options()
        .workingDirectory()
        .map(
            d ->
                d.startsWith("/")
                    ? d
                    : Path.of(ContainerStepRequest.WORKSPACE).resolve(d).normalize().toString())
        .orElse(ContainerStepRequest.WORKSPACE);
  }

  AttemptResult run(
      String pipeline,
      String runId,
      String stage,
      ContainerStep step,
      int attempt,
      Map<String, String> env,
      Path outputFile,
      Optional<Path> artifacts,
      BiConsumer<OutputChannel, String> sink,
      CompletableFuture<StopReason> stop,
      Deadline deadline)
      throws InterruptedException {
    Optional<String> relative = step.options().workingDirectory().filter(d -> !d.startsWith("/"));
    if (relative.isPresent() && !Files.isDirectory(config.workspace().resolve(relative.get()))) {
      return AttemptResult.of(
          Status.FAILED,
          OptionalInt.empty(),
          "working directory "
              + config.workspace().resolve(relative.get())
              + " (mounted at "
              + containerWorkingDirectory(step)
              + ") does not exist or is not a directory");
    }
    Map<String, String> containerEnv = new LinkedHashMap<>(env);
    containerEnv.put(
        "PIPELINE_OUTPUT",
        ContainerStepRequest.OUTPUT_DIRECTORY + "/" + outputFile.getFileName().toString());
    Map<Path, String> binds = new LinkedHashMap<>();
    binds.put(config.workspace(), ContainerStepRequest.WORKSPACE);
    binds.put(outputFile.getParent(), ContainerStepRequest.OUTPUT_DIRECTORY);
    if (artifacts.isPresent()) {
      binds.put(artifacts.get(), ContainerStepRequest.ARTIFACTS_DIRECTORY);
      containerEnv.put(
          LocalPipelineRun.ARTIFACTS_VARIABLE, ContainerStepRequest.ARTIFACTS_DIRECTORY);
    }
    Optional<Duration> timeout =
        deadline.isNone()
            ? Optional.empty()
            : Optional.of(Duration.ofNanos(Math.max(0, deadline.remainingNanos())));
    ContainerStepRequest request =
        new ContainerStepRequest(
            pipeline,
            runId,
            stage,
            step.name(),
            attempt,
            step.image(),
            step.command(),
            containerEnv,
            containerWorkingDirectory(step),
            binds,
            timeout);
    ContainerStepExecution execution;
    try {
      execution = executor.start(request, line -> sink.accept(line.channel(), line.text()));
    } catch (RuntimeException e) {
      LOG.debug("container of step '{}' (image {}) did not start", step.name(), step.image(), e);
      return AttemptResult.of(
          Status.FAILED,
          OptionalInt.empty(),
          "cannot start a container of image '" + step.image() + "': " + e.getMessage());
    }
    CompletableFuture<Integer> exit = execution.exit().toCompletableFuture();
    Waiter.Outcome outcome;
    try {
      outcome = Waiter.await(exit, stop, deadline);
    } catch (InterruptedException e) {
      stopQuietly(execution, Duration.ZERO, step);
      throw e;
    }
    Status status;
    OptionalInt code = OptionalInt.empty();
    String message = null;
    if (outcome == Waiter.Outcome.DONE) {
      try {
        int c = exit.get();
        code = OptionalInt.of(c);
        status = c == 0 ? Status.SUCCEEDED : Status.FAILED;
        message = c == 0 ? null : "exit code " + c;
      } catch (ExecutionException e) {
        status = Status.FAILED;
        message = "container failed: " + e.getCause().getMessage();
      }
    } else {
      StopReason reason = stop.getNow(null);
      if (outcome == Waiter.Outcome.STOPPED && reason != null) {
        status = reason.status;
        message = reason.text + "; container stopped and removed";
      } else {
        status = Status.TIMED_OUT;
        message = deadline.reason() + "; container stopped and removed";
      }
    }
    Optional<String> failure =
        stopQuietly(
            execution,
            outcome == Waiter.Outcome.DONE ? Duration.ZERO : config.killGracePeriod(),
            step);
    if (failure.isPresent()) {
      message = message == null ? failure.get() : message + "; " + failure.get();
    }
    return AttemptResult.of(status, code, message);
  }

  /** Stops and removes the container; returns what went wrong, if anything. */
  private static Optional<String> stopQuietly(
      ContainerStepExecution execution, Duration grace, ContainerStep step) {
    try {
      execution.stop(grace);
      return Optional.empty();
    } catch (RuntimeException e) {
      LOG.warn("cannot stop and remove the container of step '{}'", step.name(), e);
      return Optional.of("cannot stop and remove its container: " + e.getMessage());
    }
  }
}
