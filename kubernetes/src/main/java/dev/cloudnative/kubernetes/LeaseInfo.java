package dev.cloudnative.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a {@code coordination.k8s.io/v1} Lease, the lock a {@link LeaderElector} holds.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param namespace the Lease's namespace
 * @param name the Lease's name
 * @param holderIdentity {@code spec.holderIdentity}: who holds it, empty when released
 * @param leaseDuration {@code spec.leaseDurationSeconds}: how long after its last renewal a
 *     candidate waits before taking it over
 * @param acquireTime {@code spec.acquireTime}: when the current holder acquired it
 * @param renewTime {@code spec.renewTime}: when the holder last renewed it
 * @param leaseTransitions {@code spec.leaseTransitions}: how often it changed holders
 * @param resourceVersion {@code metadata.resourceVersion}, for compare-and-swap updates; empty in a
 *     Lease not yet written
 */
public record LeaseInfo(
    String namespace,
    String name,
    Optional<String> holderIdentity,
    Optional<Duration> leaseDuration,
    Optional<Instant> acquireTime,
    Optional<Instant> renewTime,
    int leaseTransitions,
    String resourceVersion) {

  /** Checks the components for {@code null}. */
  public LeaseInfo {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    holderIdentity =
        Objects.requireNonNull(holderIdentity, "holderIdentity").filter(h -> !h.isEmpty());
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(acquireTime, "acquireTime");
    Objects.requireNonNull(renewTime, "renewTime");
    Objects.requireNonNull(resourceVersion, "resourceVersion");
  }

  /** This Lease with {@code version} as its resource version. */
  public LeaseInfo withResourceVersion(String version) {
    return new LeaseInfo(
        namespace,
        name,
        holderIdentity,
        leaseDuration,
        acquireTime,
        renewTime,
        leaseTransitions,
        version);
  }
}
