package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.IngressSpec;
import dev.cloudnative.kubernetes.IngressStatus;
import dev.cloudnative.kubernetes.internal.Validation;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The in-memory cluster's Ingress API and its simulated ingress controller: one controller serves
 * every Ingress whatever its class and, on its pass in each step, gives each the address {@code
 * 198.51.100.254} (the documentation range: invented, never routable; requests are not actually
 * routed). A backend has Endpoints when its Service exists with a selector, as the endpoints
 * controller would create them. Waits on Pulumi's rule ({@link IngressStatus#verdict()}) go through
 * the {@link StatusWaiter}.
 *
 * <p>Thread-safe: reads and writes take the {@link ClusterState} lock; {@link #run()} runs under
 * it, inside a step; the wait releases it.
 */
final class IngressObjects {

  static final String KIND = "Ingress";
  static final String ADDRESS = "198.51.100.254";

  private final ClusterState state;
  private final StatusWaiter waiter;

  IngressObjects(ClusterState state, StatusWaiter waiter) {
    this.state = state;
    this.waiter = waiter;
  }

  /** The ingress controller's pass (under the lock). */
  void run() {
    for (IngressState i : state.ingresses.values()) {
      i.address = ADDRESS;
    }
  }

  IngressStatus apply(IngressSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return state.locked(
        () -> {
          String n = state.requireNamespace(spec.namespace());
          Key k = new Key(n, spec.name());
          IngressState i = state.ingresses.get(k);
          if (i == null) {
            i = new IngressState(spec);
            state.ingresses.put(k, i);
          } else {
            i.spec = spec;
          }
          return status(k, i);
        });
  }

  Optional<IngressStatus> get(String namespace, String name) {
    Key k = key(namespace, name);
    synchronized (state.lock) {
      state.checkOpen();
      return read(k);
    }
  }

  IngressStatus await(String namespace, String name, Duration timeout) {
    Key k = key(namespace, name);
    return waiter.await(KIND, k, timeout, () -> read(k));
  }

  /** Under the lock. */
  private Optional<IngressStatus> read(Key k) {
    IngressState i = state.ingresses.get(k);
    return i == null ? Optional.empty() : Optional.of(status(k, i));
  }

  private IngressStatus status(Key k, IngressState i) {
    List<String> backends = i.spec.backendServices();
    List<String> missing =
        backends.stream()
            .filter(
                s -> {
                  ServiceState svc = state.services.get(new Key(k.namespace(), s));
                  return svc == null || svc.selector().isEmpty();
                })
            .toList();
    return new IngressStatus(
        k.namespace(),
        k.name(),
        backends,
        missing,
        i.address == null ? List.of() : List.of(i.address),
        true);
  }

  private Key key(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.subdomain(KIND, n, "metadata.name", name);
    return new Key(n, name);
  }
}
