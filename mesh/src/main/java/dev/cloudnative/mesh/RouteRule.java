package dev.cloudnative.mesh;

import java.util.List;
import java.util.Objects;

/**
 * One ordered rule of a {@link RouteTable}: when {@link #match()} holds, the call goes to one of
 * the weighted {@link #destinations()} (a canary split, or a single pinned subset), after the
 * rule's {@link #fault()} is applied; an optional {@link Mirror} copies a share of the calls to
 * another subset. The cumulative weights are precomputed so that choosing a destination is a short
 * scan without allocation. Immutable; thread-safe.
 */
public final class RouteRule {

  private final String name;
  private final RequestMatch match;
  private final List<Destination> destinations;
  private final FaultInjection fault;
  private final Mirror mirror;
  private final String[] subsets;
  private final int[] cumulative;
  private final int totalWeight;

  public RouteRule(
      String name, RequestMatch match, List<Destination> destinations, FaultInjection fault) {
    this(name, match, destinations, fault, null);
  }

  /**
   * @param mirror traffic mirroring of the rule, or {@code null} for none
   */
  public RouteRule(
      String name,
      RequestMatch match,
      List<Destination> destinations,
      FaultInjection fault,
      Mirror mirror) {
    this.mirror = mirror;
    this.name = Objects.requireNonNull(name, "name");
    this.match = Objects.requireNonNull(match, "match");
    this.destinations = List.copyOf(Objects.requireNonNull(destinations, "destinations"));
    this.fault = Objects.requireNonNull(fault, "fault");
    if (this.destinations.isEmpty()) {
      throw new IllegalArgumentException(
          "Route rule '" + name + "' had no destination; allowed one or more");
    }
    subsets = new String[this.destinations.size()];
    cumulative = new int[subsets.length];
    long sum = 0;
    for (int i = 0; i < subsets.length; i++) {
      Destination d = this.destinations.get(i);
      subsets[i] = d.subset();
      sum += d.weight();
      if (sum > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "Route rule '"
                + name
                + "' weights sum to more than "
                + Integer.MAX_VALUE
                + " at destination "
                + (i + 1)
                + " of "
                + subsets.length
                + "; allowed a sum <= "
                + Integer.MAX_VALUE);
      }
      cumulative[i] = (int) sum;
    }
    if (sum == 0) {
      throw new IllegalArgumentException(
          "Route rule '"
              + name
              + "' destinations all had weight 0; allowed weights >= 0 with at least one "
              + "positive");
    }
    totalWeight = (int) sum;
  }

  public String name() {
    return name;
  }

  public RequestMatch match() {
    return match;
  }

  public List<Destination> destinations() {
    return destinations;
  }

  public FaultInjection fault() {
    return fault;
  }

  /**
   * @return the rule's traffic mirroring, if any
   */
  public java.util.Optional<Mirror> mirror() {
    return java.util.Optional.ofNullable(mirror);
  }

  /**
   * @return the rule's traffic mirroring or {@code null}: the allocation-free accessor of the call
   *     path
   */
  public Mirror mirrorOrNull() {
    return mirror;
  }

  /**
   * @return the sum of the destination weights
   */
  public int totalWeight() {
    return totalWeight;
  }

  /**
   * @return the subset for a uniformly drawn {@code ticket} in {@code [0, totalWeight())}
   */
  public String subsetFor(int ticket) {
    int[] c = cumulative;
    for (int i = 0; i < c.length; i++) {
      if (ticket < c[i]) {
        return subsets[i];
      }
    }
    return subsets[c.length - 1];
  }

  @Override
  public String toString() {
    return "RouteRule["
        + name
        + ", "
        + match
        + " -> "
        + destinations
        + (fault.isNone() ? "" : ", " + fault)
        + (mirror == null ? "" : ", " + mirror)
        + "]";
  }
}
