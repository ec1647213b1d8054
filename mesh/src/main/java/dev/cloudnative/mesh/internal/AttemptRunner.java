package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointCall;
import dev.cloudnative.mesh.MeshException;
import dev.cloudnative.mesh.MeshTimeoutException;
import dev.cloudnative.mesh.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Runs one attempt on a chosen endpoint within its time budget: the per-try timeout, cut to what is
 * left of the overall deadline. An {@link EndpointCall} enforces the budget itself (it is handed
 * the budget, {@link Duration#ZERO} for none), so it runs on the caller's thread; a plain {@link
 * Function} without a budget does too. A {@code Function} with a budget runs on a worker thread so
 * that it can be abandoned (and interrupted) when it overruns: the caller then gets a {@link
 * MeshTimeoutException} naming the timeout that bounded the attempt. Whatever the attempt throws is
 * rethrown as is, for the retry decision to classify. Thread-safe (stateless apart from the worker
 * pool).
 */
final class AttemptRunner {

  private final Workers workers;

  AttemptRunner(Workers workers) {
    this.workers = workers;
  }

  /**
   * @param deadline the call's deadline ({@link Deadlines#NONE} for none)
   * @param startNanos the clock reading at the attempt's start
   * @throws MeshClosedException when the attempt needs a worker and the mesh was closed
   */
  <T> T run(
      String service,
      Endpoint endpoint,
      RetryPolicy retry,
      long deadline,
      long startNanos,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall)
      throws Exception {
    long perTry = retry.perTryTimeout().toNanos();
    long remaining = Deadlines.remaining(deadline, startNanos);
    long budget = perTry > 0 ? Math.min(perTry, remaining) : remaining;
    if (endpointCall != null) {
      return endpointCall.call(
          endpoint, budget == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(budget));
    }
    if (budget == Long.MAX_VALUE) {
      return function.apply(endpoint);
    }
    Future<T> future = workers.get().submit(() -> function.apply(endpoint));
    try {
      return future.get(budget, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      boolean perTryBound = perTry > 0 && perTry <= remaining;
      throw perTryBound
          ? new MeshTimeoutException(
              service, MeshTimeoutException.Scope.PER_TRY, retry.perTryTimeout())
          : new MeshTimeoutException(
              service, MeshTimeoutException.Scope.OVERALL, retry.overallTimeout());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw (Error) cause;
    } catch (CancellationException e) {
      throw new MeshException(service, "Attempt on " + endpoint.id() + " was cancelled", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new MeshException(
          service, "Interrupted while waiting for an attempt on " + endpoint.id(), e);
    }
  }
}
