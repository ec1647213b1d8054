package dev.cloudnative.kubernetes.inmemory;

import dev.cloudnative.kubernetes.ServicePort;
import dev.cloudnative.kubernetes.ServiceType;
import java.util.List;
import java.util.Map;

/**
 * A service as applied, with the cluster IP and node ports allocated to it. Its endpoints are not
 * stored: they are the ready pods its selector matches, computed on every read (see {@link
 * ClusterState#serviceInfo}), so there is no endpoint controller that could lag behind the pods.
 *
 * <p>Immutable and therefore thread-safe.
 */
record ServiceState(
    ServiceType type, Map<String, String> selector, List<ServicePort> ports, String clusterIp) {}
