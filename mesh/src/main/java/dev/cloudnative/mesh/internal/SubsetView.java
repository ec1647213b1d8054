package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.NoHealthyEndpointException;
import dev.cloudnative.mesh.NoHealthyEndpointException.Reason;
import dev.cloudnative.mesh.balancer.Balancer;

/**
 * The immutable pick-time view of a subset: the endpoints that may take traffic now, their
 * balancer, and the clock time at which the view must be recomputed (the earliest end of an open
 * circuit's wait, of an ejection or of a back-off). Calls read it through one volatile field.
 * Immutable; thread-safe.
 */
final class SubsetView {

  final EndpointRuntime[] members;
  final Balancer balancer;
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
      long recheckAt,
      boolean panic,
      int registered,
      int unhealthy,
      int ejected,
      int circuitOpen,
      int backingOff) {
    this.members = members;
    this.balancer = balancer;
    this.recheckAt = recheckAt;
    this.panic = panic;
    this.registered = registered;
    this.unhealthy = unhealthy;
    this.ejected = ejected;
    this.circuitOpen = circuitOpen;
    this.backingOff = backingOff;
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
