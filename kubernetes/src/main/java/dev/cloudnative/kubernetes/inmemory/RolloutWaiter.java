package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.ImagePullException;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.RolloutListener;
import dev.cloudnative.kubernetes.RolloutStatus;
import dev.cloudnative.kubernetes.RolloutTimeoutException;
import dev.cloudnative.kubernetes.RolloutVerdict;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Waits for a rollout, on either of the cluster's clocks, until {@code kubectl rollout status}
 * would report it done ({@link RolloutStatus#verdict()}, the rule the fabric8 cluster uses too).
 * With the automatic simulated clock the wait drives the simulation itself: it steps until the
 * rollout completes or {@code timeout} of simulated time has passed, so a test never sleeps and a
 * timeout means simulated time. Otherwise (manual clock, or a runtime) it waits in real time on the
 * state lock's monitor, which every step and every kubelet write-back notifies; the 100 ms cap on
 * each wait only bounds how late a deadline is noticed. A pod of the current revision that cannot
 * get its image fails the wait at once with {@link ImagePullException}: no amount of waiting would
 * complete it.
 *
 * <p>Thread-safe: reads take the {@link ClusterState} lock; the wait releases it.
 */
final class RolloutWaiter {

  private final ClusterState state;
  private final ClusterObjects objects;
  private final boolean simulatedClock;
  private final Duration stepDuration;
  private final Runnable step;

  RolloutWaiter(
      ClusterState state,
      ClusterObjects objects,
      boolean simulatedClock,
      Duration stepDuration,
      Runnable step) {
    this.state = state;
    this.objects = objects;
    this.simulatedClock = simulatedClock;
    this.stepDuration = stepDuration;
    this.step = step;
  }

  RolloutStatus await(String namespace, String name, Duration timeout, RolloutListener listener) {
    Objects.requireNonNull(listener, "listener");
    String n = state.ns(namespace);
    if (timeout.isNegative()) {
      throw KubernetesInvalidException.rejected(
          "Deployment", n, name, "timeout", "must not be negative, found " + timeout);
    }
    long realDeadline = System.nanoTime() + timeout.toNanos();
    Duration simulated = Duration.ZERO;
    RolloutStatus last = null;
    while (true) {
      RolloutStatus status = objects.rolloutStatus(n, name);
      if (!status.equals(last)) {
        listener.onProgress(status);
        last = status;
      }
      // The same kubectl verdict as the fabric8 cluster. The simulation writes no conditions, so
      // FAILED (ProgressDeadlineExceeded) cannot arise here today; it is honoured all the same.
      RolloutVerdict verdict = status.verdict();
      if (verdict.done()) {
        return status;
      }
      if (verdict.failed()) {
        throw RolloutTimeoutException.failed(status);
      }
      Optional<ImagePullException> pullFailure = imagePullFailure(n, name, status);
      if (pullFailure.isPresent()) {
        throw pullFailure.get();
      }
      boolean expired =
          simulatedClock ? simulated.compareTo(timeout) >= 0 : System.nanoTime() >= realDeadline;
      if (expired) {
        throw RolloutTimeoutException.after(timeout, simulatedClock ? " (simulated)" : "", status);
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
                "interrupted while waiting for the rollout of " + n + "/" + name,
                "Deployment",
                n,
                name,
                0,
                e);
          }
        }
      }
    }
  }

  /**
   * The first pod of the deployment's current revision whose image cannot be pulled, as a failure.
   */
  private Optional<ImagePullException> imagePullFailure(
      String namespace, String name, RolloutStatus status) {
    synchronized (state.lock) {
      Key k = new Key(namespace, name);
      DeploymentState d = state.deployments.get(k);
      if (d == null) {
        return Optional.empty();
      }
      String current = d.currentReplicaSet().name;
      return state.podsOf(k).stream()
          .filter(p -> p.replicaSet.equals(current))
          .filter(p -> ImagePullException.REASONS.contains(p.reason))
          .findFirst()
          .map(
              p ->
                  new ImagePullException(namespace, name, p.key.name(), p.image, p.reason, status));
    }
  }
}
