package dev.cloudnative.pipeline.local;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for work to finish, for a stop signal, or for a deadline, whichever comes first. Stateless.
 */
final class Waiter {
  enum Outcome {
    DONE,
    STOPPED,
    TIMED_OUT
  }

  private Waiter() {}

  static Outcome await(
      CompletableFuture<?> work, CompletableFuture<StopReason> stop, Deadline deadline)
      throws InterruptedException {
    if (!work.isDone() && !stop.isDone()) {
      CompletableFuture<Object> any = CompletableFuture.anyOf(work, stop);
      try {
        if (deadline.isNone()) {
          any.get();
        } else {
          long remaining = deadline.remainingNanos();
          if (remaining > 0) {
            any.get(remaining, TimeUnit.NANOSECONDS);
          }
        }
      } catch (TimeoutException | ExecutionException e) {
        // the outcome is read from the futures below; a failed work future is reported by the
        // caller
      }
    }
    if (work.isDone()) {
      return Outcome.DONE;
    }
    if (stop.isDone()) {
      return Outcome.STOPPED;
    }
    return Outcome.TIMED_OUT;
  }
}
