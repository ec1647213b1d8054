package dev.cloudnative.mesh;

import java.util.List;

/**
 * Receives the endpoints of services from a source of truth (for example Kubernetes
 * EndpointSlices). Each call states the full current membership of one subset, so a feed never has
 * to compute differences. Implementations are thread-safe.
 */
public interface EndpointSink {

  /**
   * Sets the endpoints of {@code subset} of {@code service}; an empty list leaves the subset known
   * but empty.
   */
  void replaceSubset(String service, String subset, List<Endpoint> endpoints);

  /** Forgets {@code service} and all its subsets. */
  void removeService(String service);
}
