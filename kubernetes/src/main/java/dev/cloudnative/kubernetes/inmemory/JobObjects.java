package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.JobSpec;
import dev.cloudnative.kubernetes.JobStatus;
import dev.cloudnative.kubernetes.JobTimeoutException;
import dev.cloudnative.kubernetes.JobVerdict;
import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.internal.Validation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-memory cluster's Job API: apply, read and wait. A wait follows the same verdict as the
 * fabric8 cluster ({@link JobStatus#verdict()}) on either of the cluster's clocks, as {@link
 * RolloutWaiter} does for rollouts: with the automatic simulated clock it steps the simulation
 * until the Job finishes or {@code timeout} of simulated time passed; otherwise it waits in real
 * time on the state lock's monitor, which every step and kubelet write-back notifies.
 *
 * <p>Thread-safe: reads and writes take the {@link ClusterState} lock; the wait releases it.
 */
final class JobObjects {

  private final ClusterState state;
  private final boolean simulatedClock;
  private final Duration stepDuration;
  private final Runnable step;

  JobObjects(ClusterState state, boolean simulatedClock, Duration stepDuration, Runnable step) {
    this.state = state;
    this.simulatedClock = simulatedClock;
    this.stepDuration = stepDuration;
    this.step = step;
  }

  JobStatus apply(JobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          String n = state.requireNamespace(spec.namespace());
          JobSpec normalized =
              spec.namespace() == null ? spec.toBuilder().inNamespace(n).build() : spec;
          Key k = new Key(n, spec.name());
          JobState j = state.jobs.get(k);
          if (j == null) {
            j = new JobState(normalized);
            state.jobs.put(k, j);
          } else {
            j.update(k, normalized);
          }
          return j.status(k, state);
        });
  }

  Optional<JobStatus> job(String namespace, String name) {
    synchronized (state.lock) {
      state.checkOpen();
      Key k = key(namespace, name);
      JobState j = state.jobs.get(k);
      return j == null ? Optional.empty() : Optional.of(j.status(k, state));
    }
  }

  private Key key(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.label("Job", n, "metadata.name", name);
    return new Key(n, name);
  }

  private JobStatus require(Key k) {
    synchronized (state.lock) {
      state.checkOpen();
      JobState j = state.jobs.get(k);
      if (j == null) {
        throw ClusterState.notFound("Job", k.namespace(), k.name());
      }
      return j.status(k, state);
    }
  }

  JobStatus await(String namespace, String name, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    Key k = key(namespace, name);
    if (timeout.isNegative()) {
      throw KubernetesInvalidException.rejected(
          "Job", k.namespace(), name, "timeout", "must not be negative, found " + timeout);
    }
    long realDeadline = System.nanoTime() + timeout.toNanos();
    Duration simulated = Duration.ZERO;
    while (true) {
      JobStatus status = require(k);
      JobVerdict verdict = status.verdict();
      if (verdict.done()) {
        return status;
      }
      if (verdict.failed()) {
        throw JobTimeoutException.failed(status);
      }
      boolean expired =
          simulatedClock ? simulated.compareTo(timeout) >= 0 : System.nanoTime() >= realDeadline;
      if (expired) {
        throw JobTimeoutException.after(timeout, simulatedClock ? " (simulated)" : "", status);
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
                "interrupted while waiting for job " + k.namespace() + "/" + name,
                "Job",
                k.namespace(),
                name,
                0,
                e);
          }
        }
      }
    }
  }
}
