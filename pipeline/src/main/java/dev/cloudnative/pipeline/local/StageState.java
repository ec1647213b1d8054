package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.Stage;
import dev.cloudnative.pipeline.StageStatus;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mutable state of one stage during a run. Status fields are synchronized; {@link #stopSignal}
 * completes when the coordinator wants the stage's running work stopped.
 */
final class StageState {
  final Stage stage;
  final boolean finallyStage;
  final List<StepState> steps;
  final Map<String, String> outputs = new ConcurrentHashMap<>();
  final CompletableFuture<StopReason> stopSignal = new CompletableFuture<>();
  private Status status = Status.PENDING;
  private Instant startedAt;
  private long startNanos;
  private long endNanos;
  private String message;
  private final SecretMasker masker;

  StageState(Stage stage, boolean finallyStage, int tailLines, SecretMasker masker) {
    this.stage = stage;
    this.masker = masker;
    this.finallyStage = finallyStage;
    List<StepState> list = new ArrayList<>();
    for (Step s : stage.steps()) {
      list.add(new StepState(s, tailLines));
    }
    this.steps = List.copyOf(list);
  }

  String name() {
    return stage.name();
  }

  synchronized void started() {
    status = Status.RUNNING;
    startedAt = Instant.now();
    startNanos = System.nanoTime();
  }

  synchronized void finish(Status finalStatus, String why) {
    status = finalStatus;
    message = why;
    endNanos = System.nanoTime();
    if (startedAt == null) {
      startNanos = endNanos;
    }
  }

  synchronized Status status() {
    return status;
  }

  /** Nanoseconds from start to end; 0 for a stage that never started. */
  synchronized long elapsedNanos() {
    return startedAt == null
        ? 0
        : (status.isTerminal() ? endNanos : System.nanoTime()) - startNanos;
  }

  synchronized Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /**
   * Takes the stage's result from {@code previous} run {@code runId} instead of running it: {@link
   * Status#REUSED}, its outputs and its steps' exit codes and tails.
   */
  void reuse(StageStatus previous, String runId) {
    String why = "reused from run " + runId;
    for (StepState s : steps) {
      s.reuse(previous.step(s.step.name()), why);
    }
    outputs.putAll(previous.outputs());
    finish(Status.REUSED, why);
  }

  /** Whether dependents with the default condition treat this stage as a success. */
  boolean countsAsSuccess() {
    Status s = status();
    return s.isSuccess() || (s.isFailure() && stage.continueOnError());
  }

  /**
   * The outputs as snapshots show them: a value holding a secret is masked (the stages that read it
   * in this run get the real value through their env).
   */
  private Map<String, String> maskedOutputs() {
    if (masker.isEmpty()) {
      return outputs;
    }
    Map<String, String> shown = new java.util.HashMap<>();
    outputs.forEach((k, v) -> shown.put(k, masker.mask(v)));
    return shown;
  }

  StageStatus snapshot() {
    List<StepStatus> stepSnapshots = new ArrayList<>(steps.size());
    for (StepState s : steps) {
      stepSnapshots.add(s.snapshot());
    }
    synchronized (this) {
      Duration d =
          startedAt == null
              ? Duration.ZERO
              : Duration.ofNanos((status.isTerminal() ? endNanos : System.nanoTime()) - startNanos);
      return new StageStatus(
          stage.name(),
          finallyStage,
          status,
          Optional.ofNullable(startedAt),
          d,
          Optional.ofNullable(message),
          stepSnapshots,
          maskedOutputs());
    }
  }
}
