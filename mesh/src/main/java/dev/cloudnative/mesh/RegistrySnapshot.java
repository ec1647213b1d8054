package dev.cloudnative.mesh;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One immutable, consistent state of an {@link EndpointRegistry}. Every update publishes a new
 * snapshot with a higher version; readers holding an older one keep a consistent view. Immutable;
 * thread-safe.
 *
 * @param version increases with every published update
 * @param services service name → its endpoints
 */
public record RegistrySnapshot(long version, Map<String, ServiceEndpoints> services) {

  /** The empty registry. */
  public static final RegistrySnapshot EMPTY = new RegistrySnapshot(0, Map.of());

  public RegistrySnapshot {
    Objects.requireNonNull(services, "services");
    services = Map.copyOf(services);
  }

  public Optional<ServiceEndpoints> service(String name) {
    return Optional.ofNullable(services.get(Objects.requireNonNull(name, "name")));
  }
}
