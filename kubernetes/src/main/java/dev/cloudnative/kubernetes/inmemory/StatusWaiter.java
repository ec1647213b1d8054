package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.AwaitTimeoutException;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.ReadinessStatus;
import dev.cloudnative.kubernetes.RolloutVerdict;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The in-memory cluster's wait on a kind's readiness rule ({@link ReadinessStatus#verdict()}, the
 * same rule the fabric8 cluster polls), on either clock as {@link RolloutWaiter} waits for
 * Deployments: stepping the simulation with the automatic clock (the timeout is simulated time),
 * otherwise waiting on the state lock's monitor for the next change.
 *
 * <p>Thread-safe: reads take the {@link ClusterState} lock; the wait releases it.
 */
final class StatusWaiter {

  private final ClusterState state;
  private final boolean simulatedClock;
  private final Duration stepDuration;
  private final Runnable step;

  StatusWaiter(ClusterState state, boolean simulatedClock, Duration stepDuration, Runnable step) {
    this.state = state;
    this.simulatedClock = simulatedClock;
    this.stepDuration = stepDuration;
    this.step = step;
  }

  /**
   * Waits until the verdict of what {@code read} returns (under the lock; empty when the object is
   * absent) is done; throws {@link AwaitTimeoutException} when it failed or {@code timeout} passed,
   * and {@link ClusterState#notFound} for an absent object.
   */
  <S extends ReadinessStatus> S await(
      String kind, Key k, Duration timeout, Supplier<Optional<S>> read) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw KubernetesInvalidException.rejected(
          kind, k.namespace(), k.name(), "timeout", "must not be negative, found " + timeout);
    }
    long realDeadline = System.nanoTime() + timeout.toNanos();
    Duration simulated = Duration.ZERO;
    while (true) {
      S status;
      synchronized (state.lock) {
        state.checkOpen();
        status = read.get().orElseThrow(() -> ClusterState.notFound(kind, k.namespace(), k.name()));
      }
      RolloutVerdict verdict = status.verdict();
      if (verdict.done()) {
        return status;
      }
      if (verdict.failed()) {
        throw AwaitTimeoutException.failed(status);
      }
      boolean expired =
          simulatedClock ? simulated.compareTo(timeout) >= 0 : System.nanoTime() >= realDeadline;
      if (expired) {
        throw AwaitTimeoutException.after(timeout, simulatedClock ? " (simulated)" : "", status);
      }
      if (simulatedClock) {
        step.run();
        simulated = simulated.plus(stepDuration);
      } else {
        synchronized (state.lock) {
          state.checkOpen();
          long waitMs = Math.max(1, (realDeadline - System.nanoTime()) / 1_000_000);
          try {
            state.lock.wait(Math.min(waitMs, 100));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesException(
                "interrupted while waiting for " + kind + " " + k.namespace() + "/" + k.name(),
                kind,
                k.namespace(),
                k.name(),
                0,
                e);
          }
        }
      }
    }
  }
}
