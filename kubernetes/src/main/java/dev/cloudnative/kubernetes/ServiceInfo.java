package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of a Service and its endpoints.
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param clusterIp the virtual IP, empty until allocated
 * @param endpoints {@code ip:targetPort} of the ready pods behind the service (from its Endpoints
 *     object)
 */
public record ServiceInfo(
    String namespace,
    String name,
    ServiceType type,
    String clusterIp,
    Map<String, String> selector,
    List<ServicePort> ports,
    List<String> endpoints) {

  public ServiceInfo {
    selector = Map.copyOf(selector);
    ports = List.copyOf(ports);
    endpoints = List.copyOf(endpoints);
  }
}
