package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.HedgePolicy;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hedging state of one service whose policy hedges: the {@link HedgePolicy}, one {@link
 * HedgeDelay} per subset (made on the subset's first hedged call and dropped with the service's
 * runtime) and the {@code mesh.hedges} meters. Thread-safe.
 */
final class HedgeRuntime {

  final HedgePolicy policy;
  final HedgeMeters meters;
  private final ConcurrentHashMap<SubsetRuntime, HedgeDelay> delays = new ConcurrentHashMap<>();

  HedgeRuntime(HedgePolicy policy, HedgeMeters meters) {
    this.policy = policy;
    this.meters = meters;
  }

  /**
   * @return the hedge delay of {@code subset}
   */
  HedgeDelay delay(SubsetRuntime subset, long nowNanos) {
    HedgeDelay d = delays.get(subset);
    if (d == null) {
      d = delays.computeIfAbsent(subset, s -> new HedgeDelay(policy, nowNanos));
    }
    return d;
  }
}
