package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.KubernetesException;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.RolloutVerdict;
import dev.cloudnative.kubernetes.StatefulSetSpec;
import dev.cloudnative.kubernetes.StatefulSetStatus;
import dev.cloudnative.kubernetes.StatefulSetTimeoutException;
import dev.cloudnative.kubernetes.internal.Validation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-memory cluster's StatefulSet API: apply, read and wait on kubectl's verdict ({@link
 * StatefulSetStatus#verdict()}, as the fabric8 cluster does), on either clock as {@link
 * RolloutWaiter} waits for Deployments: stepping the simulation with the automatic clock, otherwise
 * waiting on the state lock's monitor.
 *
 * <p>Thread-safe: reads and writes take the {@link ClusterState} lock; the wait releases it.
 */
final class StatefulSetObjects {

  private static final String KIND = "StatefulSet";

  private final ClusterState state;
  private final boolean simulatedClock;
  private final Duration stepDuration;
  private final Runnable step;

  StatefulSetObjects(
      ClusterState state, boolean simulatedClock, Duration stepDuration, Runnable step) {
    this.state = state;
    this.simulatedClock = simulatedClock;
    this.stepDuration = stepDuration;
    this.step = step;
  }

  StatefulSetStatus apply(StatefulSetSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          String n = state.requireNamespace(spec.namespace());
          StatefulSetSpec normalized =
              spec.namespace() == null ? spec.toBuilder().inNamespace(n).build() : spec;
          Key k = new Key(n, spec.name());
          StatefulSetState s = state.statefulSets.get(k);
          if (s == null) {
            s = new StatefulSetState(normalized);
            state.statefulSets.put(k, s);
          } else {
            if (!s.spec.selector().equals(normalized.selector())) {
              throw KubernetesInvalidException.rejected(
                  KIND, n, spec.name(), "spec.selector", "field is immutable");
            }
            s.update(normalized);
          }
          return state.statefulSetStatus(k, s);
        });
  }

  Optional<StatefulSetStatus> get(String namespace, String name) {
    synchronized (state.lock) {
      state.checkOpen();
      Key k = key(namespace, name);
      StatefulSetState s = state.statefulSets.get(k);
      return s == null ? Optional.empty() : Optional.of(state.statefulSetStatus(k, s));
    }
  }

  private Key key(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.label(KIND, n, "metadata.name", name);
    return new Key(n, name);
  }

  private StatefulSetStatus require(Key k) {
    synchronized (state.lock) {
      state.checkOpen();
      StatefulSetState s = state.statefulSets.get(k);
      if (s == null) {
        throw ClusterState.notFound(KIND, k.namespace(), k.name());
      }
      return state.statefulSetStatus(k, s);
    }
  }

  StatefulSetStatus await(String namespace, String name, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    Key k = key(namespace, name);
    if (timeout.isNegative()) {
      throw KubernetesInvalidException.rejected(
          KIND, k.namespace(), name, "timeout", "must not be negative, found " + timeout);
    }
    long realDeadline = System.nanoTime() + timeout.toNanos();
    Duration simulated = Duration.ZERO;
    while (true) {
      StatefulSetStatus status = require(k);
      RolloutVerdict verdict = status.verdict();
      if (verdict.done()) {
        return status;
      }
      if (verdict.failed()) {
        throw StatefulSetTimeoutException.failed(status);
      }
      boolean expired =
          simulatedClock ? simulated.compareTo(timeout) >= 0 : System.nanoTime() >= realDeadline;
      if (expired) {
        throw StatefulSetTimeoutException.after(
            timeout, simulatedClock ? " (simulated)" : "", status);
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
                "interrupted while waiting for statefulset " + k.namespace() + "/" + name,
                KIND,
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
