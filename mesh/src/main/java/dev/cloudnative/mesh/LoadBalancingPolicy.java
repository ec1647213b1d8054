package dev.cloudnative.mesh;

/**
 * How a subset's endpoints share its traffic (Istio DestinationRule / Envoy lb_policy). Every
 * policy honours endpoint weights. Immutable; thread-safe.
 */
public enum LoadBalancingPolicy {
  /**
   * Smooth weighted round robin: deterministic, weight-proportional interleaving without bursts,
   * starting at a random phase per mesh instance so instances started together do not all pick the
   * same endpoint first.
   */
  ROUND_ROBIN,
  /** Weighted random choice. */
  RANDOM,
  /**
   * Power of two choices: of two weighted-random candidates, the one with fewer in-flight requests
   * per weight.
   */
  LEAST_REQUEST,
  /**
   * Consistent hashing of {@link MeshRequest#hashKey()} over a Maglev lookup table, for stickiness.
   */
  CONSISTENT_HASH,
  /**
   * Latency-aware power of two choices (Finagle's and Linkerd's Peak-EWMA): of two weighted-random
   * candidates, the one of lower {@code rtt × (in-flight + 1) / weight}, where {@code rtt} is a
   * peak-sensitive moving average of the endpoint's round-trip time that decays with time; failed
   * attempts (a thrown exception, 5xx or 429) count as slow. Tuned by {@link PeakEwmaConfig}
   * ({@link DestinationPolicy.Builder#peakEwma(PeakEwmaConfig)}).
   */
  PEAK_EWMA
}
