package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.DaemonSetSpec;
import dev.cloudnative.kubernetes.DaemonSetStatus;
import dev.cloudnative.kubernetes.KubernetesInvalidException;
import dev.cloudnative.kubernetes.internal.Validation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-memory cluster's DaemonSet API: apply, read, and wait on kubectl's verdict ({@link
 * DaemonSetStatus#verdict()}, as the fabric8 cluster does) through the {@link StatusWaiter}.
 *
 * <p>Thread-safe: reads and writes take the {@link ClusterState} lock; the wait releases it.
 */
final class DaemonSetObjects {

  private static final String KIND = DaemonSetController.KIND;

  private final ClusterState state;
  private final StatusWaiter waiter;

  DaemonSetObjects(ClusterState state, StatusWaiter waiter) {
    this.state = state;
    this.waiter = waiter;
  }

  DaemonSetStatus apply(DaemonSetSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          String n = state.requireNamespace(spec.namespace());
          DaemonSetSpec normalized =
              spec.namespace() == null ? spec.toBuilder().inNamespace(n).build() : spec;
          Key k = new Key(n, spec.name());
          DaemonSetState s = state.daemonSets.get(k);
          if (s == null) {
            s = new DaemonSetState(normalized);
            state.daemonSets.put(k, s);
          } else {
            if (!s.spec.selector().equals(normalized.selector())) {
              throw KubernetesInvalidException.rejected(
                  KIND, n, spec.name(), "spec.selector", "field is immutable");
            }
            s.update(normalized);
          }
          return DaemonSetController.status(state, k, s);
        });
  }

  Optional<DaemonSetStatus> get(String namespace, String name) {
    Key k = key(namespace, name);
    synchronized (state.lock) {
      state.checkOpen();
      return read(k);
    }
  }

  /** Under the lock. */
  private Optional<DaemonSetStatus> read(Key k) {
    DaemonSetState s = state.daemonSets.get(k);
    return s == null ? Optional.empty() : Optional.of(DaemonSetController.status(state, k, s));
  }

  DaemonSetStatus await(String namespace, String name, Duration timeout) {
    Key k = key(namespace, name);
    return waiter.await(KIND, k, timeout, () -> read(k));
  }

  private Key key(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.subdomain(KIND, n, "metadata.name", name);
    return new Key(n, name);
  }
}
