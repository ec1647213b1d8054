package dev.cloudnative.mesh.registry;

import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointRegistry;
import dev.cloudnative.mesh.RegistrySnapshot;
import dev.cloudnative.mesh.ServiceEndpoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EndpointRegistry} held in memory: copy-on-write snapshots published through a volatile
 * field. Writers are serialised by a lock (updates are rare next to picks) and notify listeners in
 * version order while holding it; readers just read the field.
 *
 * <p>Thread-safe.
 */
public final class InMemoryEndpointRegistry implements EndpointRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(InMemoryEndpointRegistry.class);

  private final Object writeLock = new Object();
  private final List<Consumer<RegistrySnapshot>> listeners = new CopyOnWriteArrayList<>();
  private volatile RegistrySnapshot current = RegistrySnapshot.EMPTY;

  @Override
  public RegistrySnapshot snapshot() {
    return current;
  }

  @Override
  public void addListener(Consumer<RegistrySnapshot> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(Consumer<RegistrySnapshot> listener) {
    listeners.remove(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void register(String service, String subset, Endpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    updateSubset(
        service,
        subset,
        list -> {
          List<Endpoint> next = new ArrayList<>(list);
          for (int i = 0; i < next.size(); i++) {
            if (next.get(i).id().equals(endpoint.id())) {
              next.set(i, endpoint);
              return next;
            }
          }
          next.add(endpoint);
          return next;
        },
        true);
  }

  @Override
  public boolean deregister(String service, String subset, String endpointId) {
    Objects.requireNonNull(endpointId, "endpointId");
    return updateSubset(
        service,
        subset,
        list -> {
          List<Endpoint> next = new ArrayList<>(list);
          return next.removeIf(e -> e.id().equals(endpointId)) ? next : null;
        },
        false);
  }

  @Override
  public boolean updateWeight(String service, String subset, String endpointId, int weight) {
    Objects.requireNonNull(endpointId, "endpointId");
    return updateEndpoint(service, subset, endpointId, e -> e.withWeight(weight));
  }

  @Override
  public boolean markHealthy(String service, String subset, String endpointId, boolean healthy) {
    Objects.requireNonNull(endpointId, "endpointId");
    return updateEndpoint(service, subset, endpointId, e -> e.withHealthy(healthy));
  }

  @Override
  public void replaceSubset(String service, String subset, List<Endpoint> endpoints) {
    List<Endpoint> copy = List.copyOf(Objects.requireNonNull(endpoints, "endpoints"));
    long distinct = copy.stream().map(Endpoint::id).distinct().count();
    if (distinct != copy.size()) {
      throw new IllegalArgumentException(
          "Endpoints of "
              + service
              + "/"
              + subset
              + " repeat an id: "
              + copy
              + "; allowed endpoints with distinct ids");
    }
    updateSubset(service, subset, list -> copy, true);
  }

  @Override
  public void removeService(String service) {
    Objects.requireNonNull(service, "service");
    synchronized (writeLock) {
      RegistrySnapshot old = current;
      if (!old.services().containsKey(service)) {
        return;
      }
      Map<String, ServiceEndpoints> services = new HashMap<>(old.services());
      services.remove(service);
      publish(new RegistrySnapshot(old.version() + 1, services));
    }
  }

  private boolean updateEndpoint(
      String service, String subset, String endpointId, UnaryOperator<Endpoint> change) {
    return updateSubset(
        service,
        subset,
        list -> {
          for (int i = 0; i < list.size(); i++) {
            if (list.get(i).id().equals(endpointId)) {
              List<Endpoint> next = new ArrayList<>(list);
              next.set(i, change.apply(list.get(i)));
              return next;
            }
          }
          return null;
        },
        false);
  }

  /** Applies {@code change} to the subset's list; a null result means "nothing changed". */
  private boolean updateSubset(
      String service, String subset, UnaryOperator<List<Endpoint>> change, boolean create) {
    requireName("service", service);
    requireName("subset", subset);
    synchronized (writeLock) {
      RegistrySnapshot old = current;
      ServiceEndpoints svc = old.services().get(service);
      if (svc == null && !create) {
        return false;
      }
      List<Endpoint> before = svc == null ? null : svc.subsets().get(subset);
      if (before == null && !create) {
        return false;
      }
      List<Endpoint> after = change.apply(before == null ? List.of() : before);
      if (after == null) {
        return false;
      }
      Map<String, List<Endpoint>> subsets =
          new LinkedHashMap<>(svc == null ? Map.of() : svc.subsets());
      subsets.put(subset, after);
      Map<String, ServiceEndpoints> services = new HashMap<>(old.services());
      services.put(service, new ServiceEndpoints(service, subsets));
      publish(new RegistrySnapshot(old.version() + 1, services));
      return true;
    }
  }

  private void publish(RegistrySnapshot next) {
    current = next;
    for (Consumer<RegistrySnapshot> listener : listeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        LOG.warn("Registry listener failed on snapshot version {}", next.version(), e);
      }
    }
  }

  private static void requireName(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isBlank() || "*".equals(value)) {
      throw new IllegalArgumentException(
          what + " name was '" + value + "'; it must be non-blank and not '*'");
    }
  }
}
