package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.LocalityConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Splits a subset's endpoints into the groups a view balances over, each with its share of the
 * traffic, by the rules of {@link LocalityConfig}: Envoy's priority levels (failover by zone) or
 * Envoy's zone aware routing. Run at view rebuilds only; picks draw a group by its share and then
 * use the group's balancer. Immutable; thread-safe.
 */
final class LocalityPlanner {

  /** Shares are in parts per {@value}. */
  static final int SCALE = 1_000_000;

  /** The groups of one view: member indices and traffic shares (summing to {@link #SCALE}). */
  record Plan(List<int[]> groups, int[] shares, boolean panic) {}

  private final LocalityConfig config;
  private final String callerZone;
  private final int panicThresholdPercent;
  private final int overprovisioningPercent;

  LocalityPlanner(LocalityConfig config, String callerZone, int panicThresholdPercent) {
    this.config = config;
    this.callerZone = callerZone;
    this.panicThresholdPercent = panicThresholdPercent;
    this.overprovisioningPercent = (int) Math.round(config.overprovisioningFactor() * 100);
  }

  /**
   * @param zones each endpoint's zone
   * @param available whether each endpoint may take traffic (healthy, not ejected, circuit not
   *     open, not backing off)
   * @param usable whether each endpoint may take traffic in panic mode (circuit not open, not
   *     backing off)
   * @return the groups, or empty when the plain subset-wide balancing applies
   */
  Optional<Plan> plan(String[] zones, boolean[] available, boolean[] usable) {
    return config.mode() == LocalityConfig.Mode.FAILOVER
        ? failover(zones, available, usable)
        : zoneAware(zones, available);
  }

  private int priorityOf(String zone) {
    if (zone.equals(callerZone)) {
      return 0;
    }
    int i = config.failover().indexOf(zone);
    return i >= 0 ? i + 1 : config.failover().size() + 1;
  }

  /** Envoy's priority levels, their health with the overprovisioning factor, and their panic. */
  private Optional<Plan> failover(String[] zones, boolean[] available, boolean[] usable) {
    int n = zones.length;
    // Priorities present, in order.
    Map<Integer, List<Integer>> byPriority = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      byPriority.computeIfAbsent(priorityOf(zones[i]), p -> new ArrayList<>()).add(i);
    }
    int levels = byPriority.size();
    List<List<Integer>> members = new ArrayList<>(byPriority.values());
    int[] registered = new int[levels];
    int[] up = new int[levels];
    int[] health = new int[levels];
    int totalHealth = 0;
    for (int p = 0; p < levels; p++) {
      for (int i : members.get(p)) {
        registered[p]++;
        if (available[i]) {
          up[p]++;
        }
      }
      // Envoy's integer health score: available percent × overprovisioning factor, capped at 100.
      health[p] = (int) Math.min(100L, (long) overprovisioningPercent * up[p] / registered[p]);
      totalHealth += health[p];
    }
    int normalizedTotalHealth = Math.min(100, totalHealth);
    long[] load = new long[levels];
    boolean[] panic = new boolean[levels];
    if (normalizedTotalHealth == 100) {
      // Each priority takes its health; what it cannot take spills to the next.
      long left = SCALE;
      for (int p = 0; p < levels; p++) {
        load[p] = Math.min(left, (long) health[p] * SCALE / 100);
        left -= load[p];
      }
    } else {
      // Not enough healthy capacity anywhere: shares scaled up to 100%, and a priority below the
      // panic threshold balances over all its endpoints.
      boolean allPanic = panicThresholdPercent > 0;
      for (int p = 0; p < levels; p++) {
        panic[p] =
            panicThresholdPercent > 0
                && 100L * up[p] < (long) panicThresholdPercent * registered[p];
        allPanic &= panic[p];
      }
      for (int p = 0; p < levels; p++) {
        if (allPanic) {
          // Envoy's total panic: priorities share by their endpoint counts.
          load[p] = (long) registered[p] * SCALE / n;
        } else if (normalizedTotalHealth > 0) {
          load[p] = (long) health[p] * SCALE / normalizedTotalHealth;
        }
      }
    }
    List<int[]> groups = new ArrayList<>();
    List<Long> shares = new ArrayList<>();
    boolean anyPanic = false;
    for (int p = 0; p < levels; p++) {
      if (load[p] == 0) {
        continue;
      }
      int[] group = select(members.get(p), panic[p] ? usable : available);
      if (group.length == 0) {
        continue;
      }
      anyPanic |= panic[p];
      groups.add(group);
      shares.add(load[p]);
    }
    return Optional.of(new Plan(groups, normalize(shares), anyPanic));
  }

  /** Envoy's zone aware routing, the callers taken to be spread like the registered endpoints. */
  private Optional<Plan> zoneAware(String[] zones, boolean[] available) {
    int n = zones.length;
    Map<String, List<Integer>> byZone = new LinkedHashMap<>();
    int up = 0;
    for (int i = 0; i < n; i++) {
      byZone.computeIfAbsent(zones[i], z -> new ArrayList<>()).add(i);
      if (available[i]) {
        up++;
      }
    }
    List<Integer> local = byZone.get(callerZone);
    boolean panic = 100L * up < (long) panicThresholdPercent * n;
    if (byZone.size() < 2 || local == null || up < config.minClusterSize() || up == 0 || panic) {
      return Optional.empty();
    }
    int[] localUp = select(local, available);
    if (localUp.length == 0) {
      return Optional.empty();
    }
    double upstreamLocal = (double) localUp.length / up;
    double originLocal = (double) local.size() / n;
    if (upstreamLocal >= originLocal) {
      // Direct: the zone can take all of its callers' traffic at no more than even load.
      return Optional.of(new Plan(List.of(localUp), new int[] {SCALE}, false));
    }
    // Residual: the share the zone can take at even load, the rest by residual capacity.
    List<int[]> groups = new ArrayList<>();
    List<Long> shares = new ArrayList<>();
    long localShare = Math.round(upstreamLocal / originLocal * SCALE);
    groups.add(localUp);
    shares.add(localShare);
    double totalResidual = 0;
    List<int[]> others = new ArrayList<>();
    List<Double> residuals = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> zone : byZone.entrySet()) {
      if (zone.getKey().equals(callerZone)) {
        continue;
      }
      int[] zoneUp = select(zone.getValue(), available);
      double residual = (double) zoneUp.length / up - (double) zone.getValue().size() / n;
      if (zoneUp.length > 0 && residual > 0) {
        others.add(zoneUp);
        residuals.add(residual);
        totalResidual += residual;
      }
    }
    for (int z = 0; z < others.size(); z++) {
      groups.add(others.get(z));
      shares.add(Math.round((SCALE - localShare) * residuals.get(z) / totalResidual));
    }
    return Optional.of(new Plan(groups, normalize(shares), false));
  }

  private static int[] select(List<Integer> indices, boolean[] keep) {
    return indices.stream().filter(i -> keep[i]).mapToInt(i -> i).toArray();
  }

  /** Scales shares to sum to {@link #SCALE}, the rounding left over going to the first. */
  private static int[] normalize(List<Long> shares) {
    long total = 0;
    for (long s : shares) {
      total += s;
    }
    int[] out = new int[shares.size()];
    long sum = 0;
    for (int g = 0; g < out.length; g++) {
      out[g] = (int) (shares.get(g) * SCALE / total);
      sum += out[g];
    }
    if (out.length > 0) {
      out[0] += (int) (SCALE - sum);
    }
    return out;
  }
}
