package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Objects;

/**
 * One observation of an Ingress and its backends, judged by Pulumi's readiness rule for the kind
 * ({@link #verdict()}).
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param backendServices the Services its paths route to, in order of first use
 * @param backendsWithoutEndpoints those of them with neither an Endpoints object nor type {@code
 *     ExternalName} (absent Services included)
 * @param loadBalancerIngress {@code status.loadBalancer.ingress}, each an IP or a hostname
 * @param simulated true when the address was invented by a simulation (the in-memory cluster's
 *     ingress controller, {@code 198.51.100.254}, a documentation range): no request is routed
 *     there and nothing may dial it, as with {@link PodInfo#simulated()}; false when read from an
 *     API server
 */
public record IngressStatus(
    String namespace,
    String name,
    List<String> backendServices,
    List<String> backendsWithoutEndpoints,
    List<String> loadBalancerIngress,
    boolean simulated)
    implements ReadinessStatus {

  public IngressStatus {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    backendServices = List.copyOf(backendServices);
    backendsWithoutEndpoints = List.copyOf(backendsWithoutEndpoints);
    loadBalancerIngress = List.copyOf(loadBalancerIngress);
  }

  @Override
  public String kind() {
    return "Ingress";
  }

  /**
   * Pulumi's rule for {@code networking.k8s.io/v1/Ingress} (the {@code Ingress} page of
   * pulumi-kubernetes' API docs; {@code provider/pkg/await/ingress.go}), in its order: the Ingress
   * exists; an Endpoints object exists for the backend Service of every path (an {@code
   * ExternalName} Service needs none), else waiting; {@code status.loadBalancer.ingress} has an
   * entry, else waiting; otherwise done.
   */
  @Override
  public RolloutVerdict verdict() {
    String id = "ingress \"" + namespace + "/" + name + "\"";
    if (!backendsWithoutEndpoints.isEmpty()) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          "Waiting for " + id + ": no Endpoints for backend services " + backendsWithoutEndpoints);
    }
    if (loadBalancerIngress.isEmpty()) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          "Waiting for " + id + " to be given an address (status.loadBalancer.ingress)");
    }
    return new RolloutVerdict(
        RolloutVerdict.State.DONE, id + " is ready at " + String.join(", ", loadBalancerIngress));
  }
}
