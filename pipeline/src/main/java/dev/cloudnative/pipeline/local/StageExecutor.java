package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.CommandStep;
import dev.cloudnative.pipeline.ContainerStep;
import dev.cloudnative.pipeline.JavaStep;
import dev.cloudnative.pipeline.MatrixCombination;
import dev.cloudnative.pipeline.OutputChannel;
import dev.cloudnative.pipeline.OutputLine;
import dev.cloudnative.pipeline.PipelineEvent;
import dev.cloudnative.pipeline.RetryPolicy;
import dev.cloudnative.pipeline.ShellStep;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import io.micrometer.observation.Observation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Runs the steps of one stage in order on a stage thread: each step with its retries and backoff, a
 * failed step (unless continue-on-error) skips the rest, a stop signal from the coordinator ends
 * the current attempt and skips the rest. Reports the stage back to the coordinator when done.
 * Single use.
 */
final class StageExecutor implements Runnable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(StageExecutor.class);

  private final LocalPipelineRun run;
  private final StageState stage;
  private final String pipelineName;
  private Observation stageObservation = Observation.NOOP;

  StageExecutor(LocalPipelineRun run, StageState stage) {
    this.run = run;
    this.stage = stage;
    this.pipelineName = run.pipeline().name();
  }

  @Override
  public void run() {
    stageObservation = run.observations().stage(run.runObservation(), pipelineName, stage.name());
    try {
      execute();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      finishRemaining(Status.CANCELLED, "stage thread interrupted");
    } catch (RuntimeException | Error e) {
      LOG.error("stage '{}' of run {} failed unexpectedly", stage.name(), run.runId(), e);
      finishRemaining(Status.FAILED, run.mask("internal error: " + e));
    } finally {
      // before stageDone: when the run is over, every stage's meters and spans are recorded
      Status status = stage.status();
      run.metrics().stageFinished(pipelineName, stage.name(), status, stage.elapsedNanos());
      PipelineObservations.stop(
          stageObservation, pipelineName, status, stage.message().orElse(null));
      run.stageDone(stage);
    }
  }

  /** Ends {@code step} with {@code status} and measures it. */
  private void finishStep(StepState step, Status status, String why) {
    step.finish(status, why);
    run.metrics()
        .stepFinished(pipelineName, stage.name(), step.step.name(), status, step.elapsedNanos());
  }

  private void finishRemaining(Status status, String why) {
    for (StepState s : stage.steps) {
      if (!s.status().isTerminal()) {
        finishStep(s, s.status() == Status.RUNNING ? status : Status.SKIPPED, why);
      }
    }
    if (!stage.status().isTerminal()) {
      stage.finish(status, why);
      run.emitter().emit(new PipelineEvent.StageFinished(run.runId(), stage.snapshot()));
    }
  }

  private void execute() throws InterruptedException {
    Deadline stageDeadline =
        stage
            .stage
            .timeout()
            .map(t -> Deadline.after(t, "stage timeout " + t + " elapsed"))
            .orElse(Deadline.NONE);
    Status stageStatus = Status.SUCCEEDED;
    String why = null;
    Optional<String> notHanded = run.handInArtifacts(stage);
    if (notHanded.isPresent()) {
      stageStatus = Status.FAILED;
      why = run.mask(notHanded.get());
    }
    for (StepState step : stage.steps) {
      if (stageStatus != Status.SUCCEEDED) {
        finishStep(step, Status.SKIPPED, "not run: the stage already " + stageStatus.describe());
        continue;
      }
      StopReason stop = stage.stopSignal.getNow(null);
      if (stop != null) {
        finishStep(step, Status.SKIPPED, "not run: " + stop.text);
        stageStatus = stop.status;
        why = stop.text;
        continue;
      }
      AttemptResult result = runWithRetries(step, stageDeadline);
      finishStep(step, result.status(), result.message().orElse(null));
      if (result.status().isSuccess()) {
        continue;
      }
      StopReason stopped = stage.stopSignal.getNow(null);
      if (stopped != null) {
        stageStatus = stopped.status;
        why = stopped.text;
      } else if (result.status().isFailure() && step.step.options().continueOnError()) {
        LOG.debug(
            "step '{}' of stage '{}' failed but continues on error",
            step.step.name(),
            stage.name());
      } else {
        stageStatus = result.status();
        why =
            "step '"
                + step.step.name()
                + "' "
                + result.status().describe()
                + result.message().map(m -> ": " + m).orElse("");
      }
    }
    if (stageStatus == Status.SUCCEEDED) {
      Optional<String> missing = run.keepArtifacts(stage);
      if (missing.isPresent()) {
        stageStatus = Status.FAILED;
        why = run.mask(missing.get());
      }
    }
    stage.finish(stageStatus, why);
    run.emitter().emit(new PipelineEvent.StageFinished(run.runId(), stage.snapshot()));
  }

  /** Runs a step's attempts inside its {@code pipeline.step} observation. */
  private AttemptResult runWithRetries(StepState state, Deadline stageDeadline)
      throws InterruptedException {
    run.metrics().stepStarted(pipelineName);
    Observation observation =
        run.observations().step(stageObservation, pipelineName, stage.name(), state.step.name());
    try {
      AttemptResult result = attempts(state, stageDeadline, observation);
      PipelineObservations.stop(
          observation, pipelineName, result.status(), result.message().orElse(null));
      return result;
    } catch (InterruptedException e) {
      PipelineObservations.stop(
          observation, pipelineName, Status.CANCELLED, "stage thread interrupted");
      throw e;
    } catch (RuntimeException | Error e) {
      if (observation != null) {
        observation.error(e);
      }
      PipelineObservations.stop(
          observation, pipelineName, Status.FAILED, run.mask("internal error: " + e));
      throw e;
    } finally {
      run.metrics().stepEnded(pipelineName);
    }
  }

  /** The step's cache key, if the step declares a cache and the runner has a cache directory. */
  private Optional<String> cacheKey(Step step) {
    if (step.options().cache().isEmpty() || run.cacheStore().isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> env = new LinkedHashMap<>(run.environmentFor(stage, step));
    if (run.config().inheritEnvironment()) {
      for (String name : step.options().cache().get().env()) {
        if (!env.containsKey(name) && System.getenv(name) != null) {
          env.put(name, System.getenv(name));
        }
      }
    }
    Optional<String> digest =
        step instanceof ContainerStep c
            ? run.config().containerExecutor().flatMap(e -> e.imageDigest(c.image()))
            : Optional.empty();
    try {
      Map<String, String> matrix =
          stage.stage.combination().map(MatrixCombination::values).orElse(Map.of());
      return Optional.of(
          run.cacheStore().get().key(step, step.options().cache().get(), env, matrix, digest));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "cannot compute the cache key of step '{}' of stage '{}', running it: {}",
          step.name(),
          stage.name(),
          e.toString());
      return Optional.empty();
    }
  }

  /** Restores the cached result of {@code step}, if the cache holds one for {@code key}. */
  private Optional<AttemptResult> fromCache(Step step, String key) {
    StepCacheStore store = run.cacheStore().orElseThrow();
    Optional<StepCacheStore.Entry> entry = store.lookup(key, step.options().cache().orElseThrow());
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    try {
      int restored = store.restore(entry.get(), step.options().cache().orElseThrow());
      AttemptResult r =
          AttemptResult.of(
              Status.CACHED,
              OptionalInt.empty(),
              "cached: restored " + restored + " output(s) of key " + key.substring(0, 12));
      return Optional.of(readOutputs(entry.get().outputsFile(), r));
    } catch (IOException e) {
      LOG.warn("cannot restore cache entry {} of step '{}', running it", key, step.name(), e);
      return Optional.empty();
    }
  }

  private AttemptResult attempts(StepState state, Deadline stageDeadline, Observation observation)
      throws InterruptedException {
    Step step = state.step;
    Optional<String> cacheKey = cacheKey(step);
    if (cacheKey.isPresent()) {
      Optional<AttemptResult> cached = fromCache(step, cacheKey.get());
      if (cached.isPresent()) {
        run.emitter()
            .emit(
                new PipelineEvent.StepFinished(
                    run.runId(),
                    stage.name(),
                    step.name(),
                    0,
                    cached.get().status(),
                    OptionalInt.empty(),
                    Duration.ZERO,
                    cached.get().message(),
                    false));
        return cached.get();
      }
    }
    RetryPolicy retry = step.options().retry();
    AttemptResult result = null;
    int last = 0;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      last = attempt;
      state.attemptStarted(attempt);
      Instant startedAt = Instant.now();
      long t0 = System.nanoTime();
      run.emitter()
          .emit(
              new PipelineEvent.StepStarted(
                  run.runId(), stage.name(), step.name(), attempt, startedAt));
      Deadline deadline =
          step.options()
              .timeout()
              .map(t -> Deadline.after(t, "step timeout " + t + " elapsed"))
              .orElse(Deadline.NONE)
              .earlier(stageDeadline);
      result = masked(attempt(state, attempt, deadline, observation));
      state.attemptEnded(result);
      boolean retryable =
          result.status().isFailure()
              && !stage.stopSignal.isDone()
              && stageDeadline.remainingNanos() > 0;
      boolean willRetry = retryable && attempt < retry.maxAttempts();
      run.emitter()
          .emit(
              new PipelineEvent.StepFinished(
                  run.runId(),
                  stage.name(),
                  step.name(),
                  attempt,
                  result.status(),
                  result.exitCode(),
                  Duration.ofNanos(System.nanoTime() - t0),
                  result.message(),
                  willRetry));
      if (!willRetry) {
        break;
      }
      run.metrics().stepRetried(pipelineName, stage.name(), step.name());
      Duration backoff = retry.backoffAfter(attempt);
      if (!backoff.isZero()) {
        try {
          stage.stopSignal.get(
              Math.min(backoff.toNanos(), Math.max(0, stageDeadline.remainingNanos())),
              TimeUnit.NANOSECONDS);
          return result; // stopped while waiting to retry
        } catch (TimeoutException e) {
          // the backoff elapsed without a stop: retry
        } catch (ExecutionException e) {
          throw new IllegalStateException("stop signal failed", e);
        }
      }
    }
    if (cacheKey.isPresent() && result.status() == Status.SUCCEEDED) {
      try {
        Optional<String> why =
            run.cacheStore()
                .orElseThrow()
                .store(
                    cacheKey.get(),
                    step.options().cache().orElseThrow(),
                    run.outputFile(stage, step, last));
        if (why.isPresent()) {
          result = AttemptResult.of(result.status(), result.exitCode(), why.get());
        }
      } catch (IOException e) {
        LOG.warn("cannot store the result of step '{}' in the cache", step.name(), e);
        result =
            AttemptResult.of(result.status(), result.exitCode(), "not cached: " + e.getMessage());
      }
    }
    if (result.status().isFailure() && retry.maxAttempts() > 1 && state.snapshot().attempts() > 1) {
      String attempts = "after " + state.snapshot().attempts() + " attempts";
      result =
          AttemptResult.of(
              result.status(),
              result.exitCode(),
              result.message().map(m -> m + " (" + attempts + ")").orElse(attempts));
    }
    return result;
  }

  /** {@code r} with the run's secrets masked in its message. */
  private AttemptResult masked(AttemptResult r) {
    if (r.message().isEmpty() || run.masker().isEmpty()) {
      return r;
    }
    return new AttemptResult(r.status(), r.exitCode(), r.message().map(run::mask));
  }

  private AttemptResult attempt(
      StepState state, int attempt, Deadline deadline, Observation observation)
      throws InterruptedException {
    Step step = state.step;
    Path workingDirectory =
        step.options()
            .workingDirectory()
            .map(d -> run.config().workspace().resolve(d))
            .orElse(run.config().workspace());
    Map<String, String> env = run.environmentFor(stage, step);
    env.put("PIPELINE_ATTEMPT", Integer.toString(attempt));
    SecretMasker masker = run.masker();
    BiConsumer<OutputChannel, String> sink =
        (channel, raw) -> {
          String line = masker.mask(raw);
          state.line(new OutputLine(channel, line));
          if (!run.emitter().isEmpty()) {
            run.emitter()
                .emit(
                    new PipelineEvent.StepOutput(
                        run.runId(), stage.name(), step.name(), attempt, channel, line));
          }
        };
    String threadName = run.threadPrefix() + "-" + stage.name() + "-" + step.name() + "-" + attempt;
    if (step instanceof JavaStep js) {
      JavaStepContext ctx =
          new JavaStepContext(
              run.runId(),
              stage.name(),
              step.name(),
              attempt,
              env,
              workingDirectory,
              sink,
              (s, k) -> run.inputFor(stage, s, k));
      AttemptResult r =
          new JavaAttempt()
              .run(
                  js.task(),
                  ctx,
                  threadName,
                  run.config().killGracePeriod(),
                  stage.stopSignal,
                  deadline,
                  observation);
      if (r.status() == Status.SUCCEEDED) {
        stage.outputs.putAll(ctx.outputs);
      }
      return r;
    }
    List<String> command;
    if (step instanceof CommandStep cs) {
      command = cs.command();
    } else if (step instanceof ShellStep sh) {
      command = sh.command();
    } else if (step instanceof ContainerStep cs) {
      // the runner refuses container steps without an executor before the run starts
      Path outputFile = run.outputFile(stage, step, attempt);
      AttemptResult r =
          new ContainerAttempt(run.config(), run.config().containerExecutor().orElseThrow())
              .run(
                  pipelineName,
                  run.runId(),
                  stage.name(),
                  cs,
                  attempt,
                  env,
                  outputFile,
                  run.handedArtifacts(stage),
                  sink,
                  stage.stopSignal,
                  deadline);
      return r.status() == Status.SUCCEEDED ? readOutputs(outputFile, r) : r;
    } else {
      throw new IllegalStateException("unknown step kind " + step.getClass());
    }
    Path outputFile = run.outputFile(stage, step, attempt);
    env.put("PIPELINE_OUTPUT", outputFile.toString());
    AttemptResult r =
        new ProcessAttempt(run.config(), threadName)
            .run(command, workingDirectory, env, sink, stage.stopSignal, deadline);
    if (r.status() == Status.SUCCEEDED) {
      return readOutputs(outputFile, r);
    }
    return r;
  }

  /**
   * Reads what a process appended to {@code $PIPELINE_OUTPUT}, in GitHub's format: {@code
   * key=value} lines, or {@code key<<DELIMITER} followed by value lines and a line holding only the
   * delimiter (multi-line values).
   */
  private AttemptResult readOutputs(Path file, AttemptResult r) {
    if (!Files.exists(file)) {
      return r;
    }
    Map<String, String> found = new LinkedHashMap<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank()) {
          continue;
        }
        int eq = line.indexOf('=');
        int heredoc = line.indexOf("<<");
        if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
          String key = line.substring(0, heredoc).trim();
          String delimiter = line.substring(heredoc + 2);
          StringBuilder value = new StringBuilder();
          int j = i + 1;
          while (j < lines.size() && !lines.get(j).equals(delimiter)) {
            value.append(j > i + 1 ? "\n" : "").append(lines.get(j));
            j++;
          }
          if (j == lines.size()) {
            return AttemptResult.of(
                Status.FAILED,
                r.exitCode(),
                "$PIPELINE_OUTPUT: value of '"
                    + key
                    + "' is not closed by a line '"
                    + delimiter
                    + "'");
          }
          found.put(key, value.toString());
          i = j;
        } else if (eq > 0) {
          found.put(line.substring(0, eq).trim(), line.substring(eq + 1));
        } else {
          return AttemptResult.of(
              Status.FAILED,
              r.exitCode(),
              "malformed line in $PIPELINE_OUTPUT, expected key=value or key<<DELIMITER: '"
                  + line
                  + "'");
        }
      }
    } catch (IOException e) {
      return AttemptResult.of(
          Status.FAILED, r.exitCode(), "cannot read $PIPELINE_OUTPUT " + file + ": " + e);
    }
    stage.outputs.putAll(found);
    return r;
  }
}
