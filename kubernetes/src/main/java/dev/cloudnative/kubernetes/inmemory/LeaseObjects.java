package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.KubernetesAlreadyExistsException;
import dev.cloudnative.kubernetes.KubernetesConflictException;
import dev.cloudnative.kubernetes.LeaderElectionConfig;
import dev.cloudnative.kubernetes.LeaderElector;
import dev.cloudnative.kubernetes.LeaseInfo;
import dev.cloudnative.kubernetes.internal.LeaseElection;
import dev.cloudnative.kubernetes.internal.LeaseLock;
import dev.cloudnative.kubernetes.internal.Validation;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-memory cluster's {@code coordination.k8s.io/v1} Leases: create, read, and replace with an
 * API server's optimistic concurrency (a replace naming a stale resource version is a 409 conflict,
 * a create of an existing Lease a 409 AlreadyExists), and the leader electors running on them.
 * Resource versions come from one counter, so every write gets a new one.
 *
 * <p>Thread-safe: the Leases are guarded by the {@link ClusterState} lock.
 */
final class LeaseObjects {
  private static final String KIND = "Lease";

  private final ClusterState state;
  private final Map<Key, LeaseInfo> leases = new HashMap<>(); // guarded by state.lock
  private long version; // guarded by state.lock

  LeaseObjects(ClusterState state) {
    this.state = state;
  }

  LeaderElector elector(LeaderElectionConfig config) {
    Objects.requireNonNull(config, "config");
    String ns = state.locked(() -> state.requireNamespace(config.namespace()));
    return LeaseElection.start(new Lock(new Key(ns, config.leaseName())), config);
  }

  Optional<LeaseInfo> lease(String namespace, String name) {
    return state.locked(
        () -> {
          Key k = key(namespace, name);
          return Optional.ofNullable(leases.get(k));
        });
  }

  /**
   * Writes {@code lease} (its namespace and name) whatever is stored, as another client's replace
   * would, with a new resource version; for tests.
   */
  LeaseInfo overwrite(LeaseInfo lease) {
    return state.locked(() -> new Lock(key(lease.namespace(), lease.name())).write(lease));
  }

  private Key key(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.subdomain(KIND, n, "metadata.name", name);
    return new Key(n, name);
  }

  private String what(Key k) {
    return KIND + " " + k.namespace() + "/" + k.name();
  }

  /** One Lease as a {@link LeaseLock}. */
  private final class Lock implements LeaseLock {
    private final Key key;

    Lock(Key key) {
      this.key = key;
    }

    @Override
    public Optional<LeaseInfo> get() {
      return state.locked(() -> Optional.ofNullable(leases.get(key)));
    }

    @Override
    public LeaseInfo create(LeaseInfo lease) {
      return state.locked(
          () -> {
            state.requireNamespace(key.namespace());
            if (leases.containsKey(key)) {
              throw new KubernetesAlreadyExistsException(
                  what(key) + " already exists", KIND, key.namespace(), key.name(), 409, null);
            }
            return write(lease);
          });
    }

    @Override
    public LeaseInfo update(LeaseInfo lease) {
      return state.locked(
          () -> {
            LeaseInfo current = leases.get(key);
            if (current == null) {
              throw ClusterState.notFound(KIND, key.namespace(), key.name());
            }
            if (!current.resourceVersion().equals(lease.resourceVersion())) {
              throw new KubernetesConflictException(
                  "Operation cannot be fulfilled on leases.coordination.k8s.io \""
                      + key.name()
                      + "\": the object has been modified; please apply your changes to the"
                      + " latest version and try again",
                  KIND,
                  key.namespace(),
                  key.name(),
                  409,
                  null);
            }
            return write(lease);
          });
    }

    private LeaseInfo write(LeaseInfo lease) {
      LeaseInfo stored =
          new LeaseInfo(
              key.namespace(),
              key.name(),
              lease.holderIdentity(),
              lease.leaseDuration(),
              lease.acquireTime(),
              lease.renewTime(),
              lease.leaseTransitions(),
              Long.toString(++version));
      leases.put(key, stored);
      return stored;
    }

    @Override
    public String describe() {
      return key.namespace() + "/" + key.name();
    }
  }
}
