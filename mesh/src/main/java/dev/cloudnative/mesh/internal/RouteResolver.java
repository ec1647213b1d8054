package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointCall;
import dev.cloudnative.mesh.FaultInjection;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.Mirror;
import dev.cloudnative.mesh.NoHealthyEndpointException;
import dev.cloudnative.mesh.NoRouteException;
import dev.cloudnative.mesh.RouteRule;
import dev.cloudnative.mesh.RouteTable;
import dev.cloudnative.mesh.StopReason;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The first step of a call: evaluates the service's route table (read once, lock-free), draws the
 * destination subset by weight, applies the rule's fault and starts its mirror copy, and returns
 * the subset's runtime. A service without a route table spreads over all of its endpoints (the
 * {@code *} subset). The subset is resolved once per call: retries stay in it, as Envoy's retries
 * stay in the cluster the route chose. A request no rule matches, or a subset the service does not
 * have, ends the call here ({@link StopReason#NO_ROUTE}, {@link StopReason#NO_HEALTHY_ENDPOINT})
 * before any endpoint is touched. Thread-safe (stateless apart from the mirror sender).
 */
final class RouteResolver {

  private final MirrorSender mirrors;

  RouteResolver(MirrorSender mirrors) {
    this.mirrors = mirrors;
  }

  /**
   * @throws NoRouteException when the table matches nothing and has no default route
   * @throws NoHealthyEndpointException when the chosen subset does not exist
   * @throws dev.cloudnative.mesh.FaultInjectedException when the rule's fault aborts the call
   */
  <T> SubsetRuntime resolve(
      ServiceRuntime svc,
      MeshRequest request,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      ToIntFunction<? super T> statusOf,
      long callStart) {
    RouteTable table = svc.routes;
    String subsetName = RouteTable.ALL_SUBSETS;
    if (table != null) {
      RouteRule rule = table.matchOrNull(request);
      if (rule == null) {
        svc.rejections.increment();
        svc.stopped(StopReason.NO_ROUTE, callStart);
        throw new NoRouteException(svc.name, request);
      }
      int total = rule.totalWeight();
      subsetName = rule.subsetFor(total == 1 ? 0 : ThreadLocalRandom.current().nextInt(total));
      FaultInjection fault = rule.fault();
      if (fault != FaultInjection.NONE && !fault.isNone()) {
        FaultInjector.apply(svc, fault, callStart);
      }
      Mirror mirror = rule.mirrorOrNull();
      if (mirror != null && ThreadLocalRandom.current().nextDouble() * 100 < mirror.percent()) {
        mirrors.send(svc, mirror, request, function, endpointCall, statusOf);
      }
    }
    SubsetRuntime subset = svc.subset(subsetName);
    if (subset == null) {
      svc.rejections.increment();
      svc.stopped(StopReason.NO_HEALTHY_ENDPOINT, callStart);
      throw new NoHealthyEndpointException(
          svc.name, subsetName, NoHealthyEndpointException.Reason.UNKNOWN_SUBSET, 0, 0, 0, 0);
    }
    return subset;
  }
}
