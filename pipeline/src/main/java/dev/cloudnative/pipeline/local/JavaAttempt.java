package dev.cloudnative.pipeline.local;

import dev.cloudnative.pipeline.JavaTask;
import dev.cloudnative.pipeline.Status;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one attempt of a Java step on its own thread so a timeout or stop can interrupt it without
 * blocking the stage. A task that ignores interruption beyond the grace period is abandoned
 * (reported, never waited for). The task runs in the scope of its step's observation, if any, so
 * what it observes itself (a mesh call, a store operation) nests under {@code pipeline.step}.
 * Single use; not thread-safe.
 */
final class JavaAttempt {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JavaAttempt.class);

  AttemptResult run(
      JavaTask task,
      JavaStepContext context,
      String threadName,
      Duration grace,
      CompletableFuture<StopReason> stop,
      Deadline deadline,
      Observation observation)
      throws InterruptedException {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                if (observation.isNoop()) {
                  task.run(context);
                } else {
                  try (Observation.Scope scope = observation.openScope()) {
                    task.run(context);
                  }
                }
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
    Waiter.Outcome outcome;
    try {
      outcome = Waiter.await(done, stop, deadline);
    } catch (InterruptedException e) {
      context.stopRequested = true;
      thread.interrupt();
      throw e;
    }
    if (outcome == Waiter.Outcome.DONE) {
      return resultOf(done);
    }
    context.stopRequested = true;
    thread.interrupt();
    StopReason reason = stop.getNow(null);
    Status status =
        outcome == Waiter.Outcome.STOPPED && reason != null ? reason.status : Status.TIMED_OUT;
    String message =
        outcome == Waiter.Outcome.STOPPED && reason != null ? reason.text : deadline.reason();
    try {
      done.get(grace.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      message +=
          "; the task ignored interruption for " + grace.toMillis() + " ms and was abandoned";
      LOG.warn("java step thread {} ignored interruption and was abandoned", threadName);
    } catch (ExecutionException e) {
      // the task ended by throwing after being interrupted, which is the expected way to stop
    }
    return AttemptResult.of(status, OptionalInt.empty(), message);
  }

  private static AttemptResult resultOf(CompletableFuture<Void> done) throws InterruptedException {
    try {
      done.get();
      return AttemptResult.succeeded(OptionalInt.empty());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return AttemptResult.of(
          Status.FAILED,
          OptionalInt.empty(),
          cause.getClass().getName() + ": " + cause.getMessage());
    }
  }
}
