package dev.cloudnative.kubernetes;

import java.util.List;
import java.util.Objects;

/**
 * One observation of a Service and its Endpoints, judged by Pulumi's readiness rule for the kind
 * ({@link #verdict()}).
 *
 * <p>Immutable and therefore thread-safe.
 *
 * @param type {@code spec.type} as the API spells it ({@code ClusterIP}, {@code NodePort}, {@code
 *     LoadBalancer}, {@code ExternalName})
 * @param hasSelector true when {@code spec.selector} names at least one label
 * @param headless true when {@code spec.clusterIP} is {@code None}
 * @param endpointsExist true once the Service's Endpoints object exists
 * @param readyEndpoints addresses in the Endpoints' {@code addresses} (ready pods)
 * @param notReadyEndpoints addresses in the Endpoints' {@code notReadyAddresses}
 * @param loadBalancerIngress {@code status.loadBalancer.ingress}, each an IP or a hostname
 * @param simulated true when the load-balancer addresses were invented by a simulation (the
 *     in-memory cluster's {@code 198.51.100.x}, a documentation range): nothing listens there and
 *     nothing may dial them, as with {@link PodInfo#simulated()}; false when read from an API
 *     server
 */
public record ServiceStatus(
    String namespace,
    String name,
    String type,
    boolean hasSelector,
    boolean headless,
    boolean endpointsExist,
    int readyEndpoints,
    int notReadyEndpoints,
    List<String> loadBalancerIngress,
    boolean simulated)
    implements ReadinessStatus {

  public ServiceStatus {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    loadBalancerIngress = List.copyOf(loadBalancerIngress);
  }

  @Override
  public String kind() {
    return "Service";
  }

  /**
   * Pulumi's rule for {@code core/v1/Service} (the {@code Service} page of pulumi-kubernetes' API
   * docs; {@code provider/pkg/await/service.go}), in its order:
   *
   * <ol>
   *   <li>type {@code ExternalName}: done, there is nothing to wait for;
   *   <li>a selector, unless the Service is headless without a selector ("empty headless"): waiting
   *       until its Endpoints object exists with at least one ready address ("does not target any
   *       Pods"), then while any address is not ready;
   *   <li>type {@code LoadBalancer}: waiting until {@code status.loadBalancer.ingress} has an entry
   *       (the external IP or hostname is allocated);
   *   <li>otherwise done.
   * </ol>
   *
   * A Service without a selector has its Endpoints managed by someone else and is not waited on for
   * them. Pulumi's 10-second wait for straggling endpoint events is not copied: the SDK reads the
   * Endpoints every poll, so a later change is seen anyway.
   */
  @Override
  public RolloutVerdict verdict() {
    String id = "service \"" + namespace + "/" + name + "\"";
    if (type.equals("ExternalName")) {
      return new RolloutVerdict(
          RolloutVerdict.State.DONE, id + " is ExternalName: nothing to wait for");
    }
    if (hasSelector) {
      if (!endpointsExist || readyEndpoints == 0) {
        return new RolloutVerdict(
            RolloutVerdict.State.WAITING,
            "Waiting for "
                + id
                + " to target ready Pods: "
                + (endpointsExist ? "no ready endpoint yet" : "no Endpoints object yet")
                + (notReadyEndpoints > 0 ? " (" + notReadyEndpoints + " not ready)" : ""));
      }
      if (notReadyEndpoints > 0) {
        return new RolloutVerdict(
            RolloutVerdict.State.WAITING,
            "Waiting for "
                + id
                + ": "
                + notReadyEndpoints
                + " of "
                + (readyEndpoints + notReadyEndpoints)
                + " endpoints are not ready");
      }
    }
    if (type.equals("LoadBalancer") && loadBalancerIngress.isEmpty()) {
      return new RolloutVerdict(
          RolloutVerdict.State.WAITING,
          "Waiting for " + id + " to be allocated an external IP (status.loadBalancer.ingress)");
    }
    return new RolloutVerdict(
        RolloutVerdict.State.DONE,
        id
            + " is ready"
            + (hasSelector ? ": " + readyEndpoints + " ready endpoints" : "")
            + (loadBalancerIngress.isEmpty() ? "" : ", load balancer " + loadBalancerIngress));
  }
}
