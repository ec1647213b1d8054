package dev.cloudnative.kubernetes.internal;

import dev.cloudnative.kubernetes.ServiceStatus;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a fabric8 Service and its Endpoints into a {@link ServiceStatus}.
 *
 * <p>Stateless and therefore thread-safe. Not API.
 */
public final class ServiceStatusMapper {

  private ServiceStatusMapper() {}

  /**
   * The status of {@code s}.
   *
   * @param endpoints its Endpoints object, {@code null} when absent
   */
  public static ServiceStatus status(Service s, Endpoints endpoints) {
    var spec = s.getSpec();
    int ready = 0;
    int notReady = 0;
    if (endpoints != null && endpoints.getSubsets() != null) {
      for (EndpointSubset subset : endpoints.getSubsets()) {
        ready += subset.getAddresses() == null ? 0 : subset.getAddresses().size();
        notReady +=
            subset.getNotReadyAddresses() == null ? 0 : subset.getNotReadyAddresses().size();
      }
    }
    List<String> ingress = new ArrayList<>();
    if (s.getStatus() != null
        && s.getStatus().getLoadBalancer() != null
        && s.getStatus().getLoadBalancer().getIngress() != null) {
      for (LoadBalancerIngress i : s.getStatus().getLoadBalancer().getIngress()) {
        String address = i.getIp() != null && !i.getIp().isEmpty() ? i.getIp() : i.getHostname();
        if (address != null && !address.isEmpty()) {
          ingress.add(address);
        }
      }
    }
    return new ServiceStatus(
        s.getMetadata().getNamespace(),
        s.getMetadata().getName(),
        spec == null || spec.getType() == null ? "ClusterIP" : spec.getType(),
        spec != null && spec.getSelector() != null && !spec.getSelector().isEmpty(),
        spec != null && "None".equals(spec.getClusterIP()),
        endpoints != null,
        ready,
        notReady,
        ingress,
        false); // a real API server's addresses
  }
}
