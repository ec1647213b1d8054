package dev.cloudnative.kubernetes.fabric8;

import dev.cloudnative.kubernetes.AwaitTimeoutException;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.KubernetesNotFoundException;
import dev.cloudnative.kubernetes.ReadinessStatus;
import dev.cloudnative.kubernetes.RolloutVerdict;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The poll loop of every {@code await...} on a kind with a {@link ReadinessStatus}: it reads the
 * object every poll interval until its verdict is done (returns the status), failed ({@link
 * AwaitTimeoutException#failed}) or the timeout passed ({@link AwaitTimeoutException#after}, with
 * the last status and the unmet rule). An absent object is {@link KubernetesNotFoundException}.
 *
 * <p>Immutable and therefore thread-safe; each call polls on the caller's thread.
 */
final class StatusPoller {

  private final Duration pollInterval;

  StatusPoller(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  /**
   * Polls {@code read} (empty: the object is absent) until the verdict decides.
   *
   * @param kind the kind as the API spells it, for errors
   */
  <S extends ReadinessStatus> S await(
      String kind, String namespace, String name, Duration timeout, Supplier<Optional<S>> read) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw KubernetesInvalidException.rejected(
          kind, namespace, name, "timeout", "must not be negative, found " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      S status =
          read.get()
              .orElseThrow(
                  () ->
                      new KubernetesNotFoundException(
                          kind + " " + namespace + "/" + name + " not found",
                          kind,
                          namespace,
                          name,
                          404,
                          null));
      RolloutVerdict verdict = status.verdict();
      if (verdict.done()) {
        return status;
      }
      if (verdict.failed()) {
        throw AwaitTimeoutException.failed(status);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw AwaitTimeoutException.after(timeout, "", status);
      }
      try {
        Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), remaining / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KubernetesException(
            "interrupted while waiting for " + kind + " " + namespace + "/" + name,
            kind,
            namespace,
            name,
            0,
            e);
      }
    }
  }
}
