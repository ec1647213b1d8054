package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.OutputLine;
import dev.cloudnative.pipeline.Status;
import dev.cloudnative.pipeline.Step;
import dev.cloudnative.pipeline.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Mutable state of one step during a run; every access is synchronized so snapshots are consistent.
 */
final class StepState {
  final Step step;
  private final TailBuffer tail;
  private Status status = Status.PENDING;
  private int attempts;
  private Integer exitCode;
  private Instant startedAt;
  private long startNanos;
  private long endNanos;
  private String message;

  StepState(Step step, int tailLines) {
    this.step = step;
    this.tail = new TailBuffer(tailLines);
  }

  void line(OutputLine line) {
    tail.add(line);
  }

  synchronized void attemptStarted(int attempt) {
    if (startedAt == null) {
      startedAt = Instant.now();
      startNanos = System.nanoTime();
    }
    attempts = attempt;
    status = Status.RUNNING;
    exitCode = null;
    message = null;
  }

  synchronized void attemptEnded(AttemptResult result) {
    exitCode = result.exitCode().isPresent() ? result.exitCode().getAsInt() : null;
    message = result.message().orElse(null);
  }

  synchronized void finish(Status finalStatus, String why) {
    status = finalStatus;
    if (why != null) {
      message = why;
    }
    endNanos = System.nanoTime();
  }

  /** Ends the step as {@link Status#REUSED}, with the exit code and tail of its previous run. */
  void reuse(java.util.Optional<StepStatus> previous, String why) {
    previous.ifPresent(p -> p.tail().forEach(tail::add));
    synchronized (this) {
      exitCode =
          previous
              .filter(p -> p.exitCode().isPresent())
              .map(p -> p.exitCode().getAsInt())
              .orElse(null);
      status = Status.REUSED;
      message = why;
      endNanos = System.nanoTime();
    }
  }

  /** Nanoseconds from the first attempt's start to the end; 0 for a step that never started. */
  synchronized long elapsedNanos() {
    return startedAt == null
        ? 0
        : (status.isTerminal() ? endNanos : System.nanoTime()) - startNanos;
  }

  synchronized Status status() {
    return status;
  }

  synchronized StepStatus snapshot() {
    Duration d =
        startedAt == null
            ? Duration.ZERO
            : Duration.ofNanos((status.isTerminal() ? endNanos : System.nanoTime()) - startNanos);
    return new StepStatus(
        step.name(),
        status,
        attempts,
        exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode),
        Optional.ofNullable(startedAt),
        d,
        Optional.ofNullable(message),
        tail.written(),
        tail.snapshot());
  }
}
