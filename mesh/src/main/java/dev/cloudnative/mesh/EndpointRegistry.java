package dev.cloudnative.mesh;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Services → subsets (versions) → endpoints. Every update publishes a new immutable {@link
 * RegistrySnapshot} atomically; readers take {@link #snapshot()} without locking. Also an {@link
 * EndpointSink}, so an {@link EndpointFeed} can drive it.
 *
 * <p>Implementations are thread-safe: updates are serialised, reads are lock-free.
 */
public interface EndpointRegistry extends EndpointSink {

  /** Adds {@code endpoint} to the subset, or replaces the endpoint with the same id. */
  void register(String service, String subset, Endpoint endpoint);

  /**
   * @return whether an endpoint with that id was removed
   */
  boolean deregister(String service, String subset, String endpointId);

  /**
   * @return whether the endpoint exists (and now has that weight)
   */
  boolean updateWeight(String service, String subset, String endpointId, int weight);

  /**
   * @return whether the endpoint exists (and now has that health)
   */
  boolean markHealthy(String service, String subset, String endpointId, boolean healthy);

  /**
   * @return the current snapshot; never null
   */
  RegistrySnapshot snapshot();

  /** Connects a feed; closing the returned handle stops it. */
  default AutoCloseable connect(EndpointFeed feed) {
    return Objects.requireNonNull(feed, "feed").start(this);
  }

  /**
   * Registers {@code listener} for every snapshot published from now on. It runs synchronously on
   * the updating thread, in version order, so it must be quick and thread-safe.
   */
  void addListener(Consumer<RegistrySnapshot> listener);

  /** Stops notifying {@code listener} (the same instance that was added). */
  void removeListener(Consumer<RegistrySnapshot> listener);
}
