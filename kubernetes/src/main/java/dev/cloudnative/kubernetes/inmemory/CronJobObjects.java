package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.CronJobSpec;
import dev.cloudnative.kubernetes.CronJobStatus;
import dev.cloudnative.kubernetes.internal.Validation;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-memory cluster's CronJob API: apply and read (a CronJob has no readiness to wait on).
 *
 * <p>Thread-safe: reads and writes take the {@link ClusterState} lock.
 */
final class CronJobObjects {

  private final ClusterState state;

  CronJobObjects(ClusterState state) {
    this.state = state;
  }

  CronJobStatus apply(CronJobSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          String n = state.requireNamespace(spec.namespace());
          Key k = new Key(n, spec.name());
          CronJobState c = state.cronJobs.get(k);
          if (c == null) {
            c = new CronJobState(spec, state.now);
            state.cronJobs.put(k, c);
          } else {
            c.spec = spec;
          }
          return CronJobController.status(state, k, c);
        });
  }

  Optional<CronJobStatus> get(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.subdomain(CronJobController.KIND, n, "metadata.name", name);
    Key k = new Key(n, name);
    synchronized (state.lock) {
      state.checkOpen();
      CronJobState c = state.cronJobs.get(k);
      return c == null ? Optional.empty() : Optional.of(CronJobController.status(state, k, c));
    }
  }
}
