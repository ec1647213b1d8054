package dev.cloudnative.storage.replication;

import dev.cloudnative.storage.InvalidRequestException;
import dev.cloudnative.storage.NodeLocator;
import dev.cloudnative.storage.Placement;
import dev.cloudnative.storage.hash.KetamaLocator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the node weights a store is created with into its first locator. Every weight reaches the
 * locator, which honours it or refuses it with an {@link InvalidRequestException}; none is dropped.
 * Stateless and therefore thread-safe.
 */
final class StoreWeights {
  private StoreWeights() {}

  /**
   * The locator over {@code ids} (in order) with {@code weights} by id, 1 for an id the map does
   * not name.
   *
   * @throws InvalidRequestException if {@code weights} names an id not in {@code ids}, or the
   *     placement does not allow a weight
   */
  static NodeLocator locator(Placement placement, Set<String> ids, Map<String, Integer> weights) {
    Map<String, Integer> byId = new LinkedHashMap<>();
    for (String id : ids) {
      byId.put(id, 1);
    }
    for (Map.Entry<String, Integer> e : weights.entrySet()) {
      String id = Objects.requireNonNull(e.getKey(), "weights must not contain a null node id");
      if (!byId.containsKey(id)) {
        throw new InvalidRequestException(
            "weights name node '" + id + "', which is not one of the store's nodes " + ids);
      }
      byId.put(id, e.getValue());
    }
    // spymemcached picks its weighted continuum whenever a weight map is given, even one of equal
    // weights, and that layout differs from the unweighted one: follow the caller's choice, not
    // the values, so a weighted fleet is reproduced exactly.
    if (placement == Placement.KETAMA && !weights.isEmpty()) {
      return KetamaLocator.of(byId, true);
    }
    return placement.create(byId);
  }
}
