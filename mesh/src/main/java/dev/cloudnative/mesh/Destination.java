package dev.cloudnative.mesh;

import java.util.Objects;

/**
 * A weighted destination of a route: a subset of the service and its share of the route's traffic.
 * Immutable; thread-safe.
 *
 * @param subset subset name (the registry's subset/version)
 * @param weight relative share, >= 0; 0 keeps the destination declared but idle
 */
public record Destination(String subset, int weight) {

  public Destination {
    Objects.requireNonNull(subset, "subset");
    if (subset.isBlank()) {
      throw new IllegalArgumentException(
          "Destination subset was '" + subset + "'; allowed a non-blank name");
    }
    if (weight < 0) {
      throw new IllegalArgumentException(
          "Destination weight of subset '" + subset + "' was " + weight + "; allowed >= 0");
    }
  }

  public static Destination of(String subset, int weight) {
    return new Destination(subset, weight);
  }

  /**
   * @return the destination taking all of a route's traffic
   */
  public static Destination of(String subset) {
    return new Destination(subset, 100);
  }
}
