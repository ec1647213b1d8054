package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.IngressSpec;

/**
 * An Ingress as applied, with the address the simulated ingress controller gave it.
 *
 * <p>Not thread-safe: guarded by the {@link ClusterState} lock.
 */
final class IngressState {
  IngressSpec spec;

  /** {@code status.loadBalancer.ingress[0].ip}; null until the controller's next pass. */
  String address;

  IngressState(IngressSpec spec) {
    this.spec = spec;
  }
}
