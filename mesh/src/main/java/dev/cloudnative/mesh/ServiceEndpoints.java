package dev.cloudnative.mesh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The endpoints of one service, by subset (version), in one registry snapshot. Immutable;
 * thread-safe.
 *
 * @param service service name
 * @param subsets subset name → endpoints, in registration order
 */
public record ServiceEndpoints(String service, Map<String, List<Endpoint>> subsets) {

  public ServiceEndpoints {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(subsets, "subsets");
    Map<String, List<Endpoint>> copy = new LinkedHashMap<>();
    subsets.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    subsets = java.util.Collections.unmodifiableMap(copy);
  }

  /**
   * @return the endpoints of {@code subset}, or of every subset (deduplicated by id) for {@link
   *     RouteTable#ALL_SUBSETS}
   */
  public List<Endpoint> endpoints(String subset) {
    Objects.requireNonNull(subset, "subset");
    if (RouteTable.ALL_SUBSETS.equals(subset)) {
      Map<String, Endpoint> byId = new LinkedHashMap<>();
      subsets.values().forEach(list -> list.forEach(e -> byId.putIfAbsent(e.id(), e)));
      return List.copyOf(byId.values());
    }
    List<Endpoint> list = subsets.get(subset);
    return list == null ? List.of() : list;
  }

  /**
   * @return every endpoint of every subset
   */
  public List<Endpoint> allEndpoints() {
    List<Endpoint> all = new ArrayList<>();
    subsets.values().forEach(all::addAll);
    return all;
  }
}
