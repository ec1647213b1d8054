package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.KubernetesAlreadyExistsException;
import dev.cloudnative.kubernetes.KubernetesConflictException;
import dev.cloudnative.kubernetes.LeaseInfo;
import java.util.Optional;

/**
 * One Lease as {@link LeaseElection} reads and writes it: a fabric8 API server or the in-memory
 * cluster. Writes are compare-and-swap on the resource version.
 *
 * <p>Implementations are thread-safe. Not API.
 */
public interface LeaseLock {

  /** The Lease, empty when it does not exist. */
  Optional<LeaseInfo> get();

  /**
   * Creates the Lease; throws {@link KubernetesAlreadyExistsException} when it exists.
   *
   * @return the Lease as written, with its resource version
   */
  LeaseInfo create(LeaseInfo lease);

  /**
   * Replaces the Lease if its resource version still is {@code lease.resourceVersion()}; throws
   * {@link KubernetesConflictException} otherwise.
   *
   * @return the Lease as written, with its new resource version
   */
  LeaseInfo update(LeaseInfo lease);

  /** {@code namespace/name}, for logs. */
  String describe();
}
