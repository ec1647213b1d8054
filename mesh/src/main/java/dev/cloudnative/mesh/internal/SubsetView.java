package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.NoHealthyEndpointException;
import dev.cloudnative.mesh.NoHealthyEndpointException.Reason;
import dev.cloudnative.mesh.balancer.Balancer;
import dev.cloudnative.mesh.balancer.Hashing;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The immutable pick-time view of a subset: the endpoints that may take traffic now, their
 * balancer, and the clock time at which the view must be recomputed (the earliest end of an open
 * circuit's wait, of an ejection, of a back-off or a slow-start step). Calls read it through one
 * volatile field. With zone awareness the members are split into groups (priorities or zones,
 * {@link LocalityPlanner}), each with its own balancer and share of the traffic: a pick draws a
 * group by share (by the request's hash key under consistent hashing, so keys stay put), then asks
 * its balancer. Immutable; thread-safe.
 */
final class SubsetView {

  /** One group of a zone-aware view. Immutable; thread-safe. */
  static final class Group {
    final EndpointRuntime[] members;
    final Balancer balancer;

    Group(EndpointRuntime[] members, Balancer balancer) {
      this.members = members;
      this.balancer = balancer;
    }
  }

  /** Every member (of every group), for the fallback scan. */
  final EndpointRuntime[] members;

  /** The balancer over {@link #members}, without groups; null with them. */
  final Balancer balancer;

  /** The groups, or null without zone awareness. */
  final Group[] groups;

  /** Cumulative shares of the groups, the last {@link LocalityPlanner#SCALE}. */
  final int[] cumulativeShares;

  private final boolean hashGroups;
  final long recheckAt;
  final boolean panic;
  final int registered;
  final int unhealthy;
  final int ejected;
  final int circuitOpen;
  final int backingOff;

  SubsetView(
      EndpointRuntime[] members,
      Balancer balancer,
      Group[] groups,
      int[] cumulativeShares,
      boolean hashGroups,
      long recheckAt,
      boolean panic,
      int registered,
      int unhealthy,
      int ejected,
      int circuitOpen,
      int backingOff) {
    this.members = members;
    this.balancer = balancer;
    this.groups = groups;
    this.cumulativeShares = cumulativeShares;
    this.hashGroups = hashGroups;
    this.recheckAt = recheckAt;
    this.panic = panic;
    this.registered = registered;
    this.unhealthy = unhealthy;
    this.ejected = ejected;
    this.circuitOpen = circuitOpen;
    this.backingOff = backingOff;
  }

  /** Draws a group by its share and picks in it; allocation-free. */
  EndpointRuntime pickGrouped(MeshRequest request, long nowNanos) {
    Group[] g = groups;
    int k = 0;
    if (g.length > 1) {
      String key = request.hashKey();
      int draw =
          hashGroups && !key.isEmpty()
              ? (int)
                  Long.remainderUnsigned(
                      Hashing.hash(key, 0x2545F4914F6CDD1DL), LocalityPlanner.SCALE)
              : ThreadLocalRandom.current().nextInt(LocalityPlanner.SCALE);
      int[] c = cumulativeShares;
      while (k < c.length - 1 && draw >= c[k]) {
        k++;
      }
    }
    Group group = g[k];
    return group.members[group.balancer.pick(request, nowNanos)];
  }

  NoHealthyEndpointException noHealthy(
      String service, String subset, boolean allRejectedByBreakers) {
    Reason reason;
    if (registered == 0) {
      reason = Reason.NONE_REGISTERED;
    } else if (allRejectedByBreakers || circuitOpen == registered) {
      reason = Reason.ALL_CIRCUITS_OPEN;
    } else if (unhealthy == registered) {
      reason = Reason.ALL_UNHEALTHY;
    } else if (ejected == registered) {
      reason = Reason.ALL_EJECTED;
    } else if (backingOff == registered) {
      reason = Reason.ALL_BACKING_OFF;
    } else {
      reason = Reason.MIXED;
    }
    return new NoHealthyEndpointException(
        service,
        subset,
        reason,
        registered,
        unhealthy,
        ejected,
        allRejectedByBreakers ? members.length : circuitOpen);
  }
}
