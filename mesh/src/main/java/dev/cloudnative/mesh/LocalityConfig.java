package dev.cloudnative.mesh;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Zone awareness: how a service's traffic prefers the endpoints in the caller's zone ({@link
 * ServiceMesh.Builder#zone(String)}, compared with {@link Endpoint#zone()}), set per service with
 * {@link DestinationPolicy.Builder#locality(LocalityConfig)}. Two modes, both Envoy's:
 *
 * <ul>
 *   <li>{@link Mode#FAILOVER} (Envoy's priority levels, as Istio's locality failover sets them):
 *       the caller's zone is priority 0, the zones of {@code failover} follow in their order, every
 *       other zone is the last priority. A priority's health is {@code min(100, overprovisioning
 *       factor × available% )} and takes that share of the traffic, the rest spilling to the next;
 *       below 100 in total the shares are scaled up, and a priority whose available share is below
 *       the panic threshold then balances over all its endpoints.
 *   <li>{@link Mode#ZONE_AWARE} (Envoy's zone aware routing): everything to the caller's zone while
 *       its share of the available endpoints is at least its share of the registered ones; below
 *       that, the part of the traffic the zone can take at even load per endpoint, the rest to the
 *       other zones by their residual capacity. Not applied (traffic spreads over every zone) when
 *       fewer than {@code minClusterSize} endpoints are available, when the caller's zone has none,
 *       or when the subset is in panic.
 * </ul>
 *
 * <p>Without a caller zone (the default, {@code ""}) a service's traffic ignores zones.
 *
 * <p>Build with {@code LocalityConfig.custom()...build()}. Immutable; thread-safe.
 *
 * @param mode how traffic spills out of the caller's zone
 * @param failover for {@link Mode#FAILOVER}, the zones to fail over to after the caller's, in
 *     order; any other zone comes after them (empty: every other zone is one priority)
 * @param overprovisioningFactor for {@link Mode#FAILOVER}, by how much a priority's available share
 *     is multiplied to give its health (Envoy's default 1.4: a zone keeps all traffic until fewer
 *     than ~72% of its endpoints are available)
 * @param minClusterSize for {@link Mode#ZONE_AWARE}, the fewest available endpoints for zone aware
 *     routing (Envoy's default 6)
 */
public record LocalityConfig(
    Mode mode, List<String> failover, double overprovisioningFactor, int minClusterSize) {

  /** How traffic leaves the caller's zone. Immutable; thread-safe. */
  public enum Mode {
    /** Envoy's priority levels: the caller's zone first, then {@code failover}, then the rest. */
    FAILOVER,
    /** Envoy's zone aware routing: the caller's zone as far as even load per endpoint allows. */
    ZONE_AWARE
  }

  private static final LocalityConfig DEFAULTS = custom().build();

  public LocalityConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(failover, "failover");
    Set<String> seen = new HashSet<>();
    for (String zone : failover) {
      Objects.requireNonNull(zone, "failover");
      if (!seen.add(zone)) {
        throw new IllegalArgumentException(
            "failover held zone '" + zone + "' twice; allowed distinct zones");
      }
    }
    failover = List.copyOf(failover);
    if (!(overprovisioningFactor >= 1.0 && overprovisioningFactor <= 10.0)) {
      throw new IllegalArgumentException(
          "overprovisioningFactor was " + overprovisioningFactor + "; allowed 1..10");
    }
    if (minClusterSize < 0 || minClusterSize > 1_000_000) {
      throw new IllegalArgumentException(
          "minClusterSize was " + minClusterSize + "; allowed 0..1000000");
    }
  }

  /**
   * @return failover by priority (caller's zone, then every other), overprovisioning factor 1.4,
   *     minimum cluster size 6
   */
  public static LocalityConfig ofDefaults() {
    return DEFAULTS;
  }

  public static Builder custom() {
    return new Builder();
  }

  /** Builds a {@link LocalityConfig}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private Mode mode = Mode.FAILOVER;
    private List<String> failover = List.of();
    private double overprovisioningFactor = 1.4;
    private int minClusterSize = 6;

    private Builder() {}

    /**
     * @param mode {@link Mode#FAILOVER} (default) or {@link Mode#ZONE_AWARE}
     */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * @param zones the zones to fail over to after the caller's, in order (distinct)
     */
    public Builder failover(List<String> zones) {
      this.failover = Objects.requireNonNull(zones, "zones");
      return this;
    }

    /**
     * @param factor a priority's health is its available share times this (1..10, default 1.4)
     */
    public Builder overprovisioningFactor(double factor) {
      this.overprovisioningFactor = factor;
      return this;
    }

    /**
     * @param size the fewest available endpoints for zone aware routing (0..1,000,000, default 6)
     */
    public Builder minClusterSize(int size) {
      this.minClusterSize = size;
      return this;
    }

    public LocalityConfig build() {
      return new LocalityConfig(mode, failover, overprovisioningFactor, minClusterSize);
    }
  }
}
