package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.FaultInjectedException;
import dev.cloudnative.mesh.FaultInjection;
import dev.cloudnative.mesh.StopReason;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Applies a route's fault (Istio's {@code fault}): first the delay, for its share of calls, then
 * the abort, for its share. It runs before any endpoint is chosen, as Envoy's fault filter runs
 * before the router, so an aborted call touches no endpoint, breaker or limiter; the abort counts
 * as a rejection of the service and ends the call as {@link StopReason#FAULT_INJECTED}. Stateless;
 * thread-safe.
 */
final class FaultInjector {

  private FaultInjector() {}

  /**
   * @throws FaultInjectedException when the abort fires
   * @throws dev.cloudnative.mesh.MeshException when the thread is interrupted during the delay
   */
  static void apply(ServiceRuntime svc, FaultInjection fault, long callStart) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (fault.delayPercent() > 0 && random.nextDouble() * 100 < fault.delayPercent()) {
      Pauses.sleep(
          svc, fault.delay().toNanos(), "waiting out an injected fault's delay", callStart);
    }
    if (fault.abortPercent() > 0 && random.nextDouble() * 100 < fault.abortPercent()) {
      svc.rejections.increment();
      svc.stopped(StopReason.FAULT_INJECTED, callStart);
      throw new FaultInjectedException(svc.name, fault.abortStatus());
    }
  }
}
