package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.ServiceStatus;
import dev.cloudnative.kubernetes.ServiceType;
import dev.cloudnative.kubernetes.internal.Validation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The in-memory cluster's Service readiness: the Endpoints a real endpoints controller would write
 * (ready pods as addresses; pods with an IP that are not ready as not-ready addresses; no
 * terminated pod), and the simulated load balancer, which gives every {@code LoadBalancer} Service
 * an ingress IP from the documentation range {@code 198.51.100.0/24} (never routable, like the
 * simulated pod IPs: nothing is reachable there). Waits go through the {@link StatusWaiter}.
 *
 * <p>Thread-safe: reads take the {@link ClusterState} lock; the wait releases it.
 */
final class ServiceReadiness {

  private static final String KIND = "Service";

  private final ClusterState state;
  private final StatusWaiter waiter;

  ServiceReadiness(ClusterState state, StatusWaiter waiter) {
    this.state = state;
    this.waiter = waiter;
  }

  Optional<ServiceStatus> get(String namespace, String name) {
    Key k = key(namespace, name);
    synchronized (state.lock) {
      state.checkOpen();
      return read(k);
    }
  }

  ServiceStatus await(String namespace, String name, Duration timeout) {
    Key k = key(namespace, name);
    return waiter.await(KIND, k, timeout, () -> read(k));
  }

  /** Under the lock. */
  private Optional<ServiceStatus> read(Key k) {
    ServiceState s = state.services.get(k);
    if (s == null) {
      return Optional.empty();
    }
    int ready = 0;
    int notReady = 0;
    boolean selects = !s.selector().isEmpty();
    if (selects) {
      for (PodState p : state.pods.values()) {
        if (p.key.namespace().equals(k.namespace())
            && !p.terminated()
            && !p.ip.isEmpty()
            && ClusterState.matches(p.labels, s.selector())) {
          if (p.ready) {
            ready++;
          } else {
            notReady++;
          }
        }
      }
    }
    List<String> ingress =
        s.type() == ServiceType.LOAD_BALANCER ? List.of(loadBalancerIp(s)) : List.of();
    return Optional.of(
        new ServiceStatus(
            k.namespace(),
            k.name(),
            s.type().apiName(),
            selects,
            "None".equals(s.clusterIp()),
            selects,
            ready,
            notReady,
            ingress,
            true));
  }

  /** A stable invented address per Service, from the last octet of its cluster IP. */
  private static String loadBalancerIp(ServiceState s) {
    String ip = s.clusterIp();
    int last = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
    return "198.51.100." + (last % 254 + 1);
  }

  private Key key(String namespace, String name) {
    String n = state.ns(namespace);
    Validation.dns1035(KIND, n, "metadata.name", name);
    return new Key(n, name);
  }
}
