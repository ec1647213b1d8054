package dev.cloudnative.mesh;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counters of every service of a mesh at one point in time. Immutable; thread-safe.
 *
 * @param services service name → its counters
 */
public record MeshStats(Map<String, ServiceStats> services) {

  public MeshStats {
    Objects.requireNonNull(services, "services");
    services = Map.copyOf(services);
  }

  public Optional<ServiceStats> service(String name) {
    return Optional.ofNullable(services.get(Objects.requireNonNull(name, "name")));
  }
}
