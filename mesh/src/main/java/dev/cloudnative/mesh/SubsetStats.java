package dev.cloudnative.mesh;

import java.util.List;
import java.util.Objects;

/**
 * Counters of one subset at one point in time: sums over its endpoints plus the subset's own
 * rejections. Immutable; thread-safe.
 *
 * @param subset subset name ({@code *} for all endpoints of the service)
 * @param requests attempts sent to its endpoints
 * @param successes successful attempts
 * @param failures failed attempts
 * @param rejections calls rejected by its concurrency limits or for lack of a healthy endpoint
 * @param latency attempt latencies of all its endpoints
 * @param endpoints per-endpoint counters
 */
public record SubsetStats(
    String subset,
    long requests,
    long successes,
    long failures,
    long rejections,
    LatencySnapshot latency,
    List<EndpointStats> endpoints) {

  public SubsetStats {
    Objects.requireNonNull(subset, "subset");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(endpoints, "endpoints");
    endpoints = List.copyOf(endpoints);
  }
}
