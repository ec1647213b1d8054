package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.CircuitState;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.SlowStartConfig;
import dev.cloudnative.mesh.balancer.Balancer;
import dev.cloudnative.mesh.balancer.Balancers;
import dev.cloudnative.mesh.balancer.PeakEwma;
import dev.cloudnative.mesh.balancer.RoundRobinBalancer;
import dev.cloudnative.mesh.outlier.OutlierDetector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * One subset of a service at runtime: its registered endpoints, its concurrency limiter and the
 * current {@link SubsetView}. Picks read the view lock-free; membership changes, circuit openings,
 * ejections and expiring deadlines rebuild it under the subset's lock and publish it atomically.
 * Thread-safe.
 */
final class SubsetRuntime {

  final String service;
  final String name;
  final ConcurrencyLimiter limiter;
  final LongAdder rejections = new LongAdder();

  /** This subset's index in its endpoints' arrays of request meters. */
  final int slot;

  final SubsetMeters meters;

  /** Offsets the round-robin phases of a view's groups from each other (odd, like the stride). */
  private static final long GROUP_PHASE = 0x632BE59BD9B4E019L;

  private final MeshMeters meterFactory;
  // The request timers this subset installed on its members, so that a member that leaves has
  // them removed from the registry. Guarded by this.
  private final Map<EndpointRuntime, RequestMeters> requestMeters = new IdentityHashMap<>();
  private final LoadBalancingPolicy policy;
  private final int panicThresholdPercent;
  private final OutlierDetector detector;
  private final MeshClock clock;
  // Null without slow start.
  private final SlowStartRamp slowStart;
  // Null without zone awareness (no locality in the policy, or no caller zone).
  private final LocalityPlanner locality;
  // The earliest next step of a slow-start ramp seen by the rebuild under way. Guarded by this.
  private long rampRecheckAt;
  private EndpointRuntime[] runtimes = new EndpointRuntime[0];
  private Endpoint[] endpoints = new Endpoint[0];
  private long phase;
  private volatile SubsetView view;

  SubsetRuntime(
      String service,
      String name,
      LoadBalancingPolicy policy,
      int panicThresholdPercent,
      ConcurrencyLimiter limiter,
      OutlierDetector detector,
      long phase,
      int slot,
      MeshMeters meterFactory,
      MeshClock clock,
      SlowStartConfig slowStart,
      LocalityPlanner locality) {
    this.service = service;
    this.name = name;
    this.policy = policy;
    this.panicThresholdPercent = panicThresholdPercent;
    this.limiter = limiter;
    this.detector = detector;
    this.phase = phase;
    this.slot = slot;
    this.meterFactory = meterFactory;
    this.clock = clock;
    // Consistent hashing keeps its weights: a ramp would move keys between endpoints at each step.
    this.slowStart =
        slowStart == null || policy == LoadBalancingPolicy.CONSISTENT_HASH
            ? null
            : new SlowStartRamp(slowStart);
    this.locality = locality;
    this.meters = meterFactory.subset(service, name);
    this.view =
        new SubsetView(
            new EndpointRuntime[0], null, null, null, false, Long.MAX_VALUE, false, 0, 0, 0, 0, 0);
  }

  /**
   * Sets the registered endpoints (subset-specific weights in {@code members}) and rebuilds the
   * view.
   */
  synchronized void setMembers(
      Endpoint[] members, EndpointRuntime[] memberRuntimes, long nowNanos) {
    if (java.util.Arrays.equals(members, endpoints)
        && java.util.Arrays.equals(memberRuntimes, runtimes)) {
      // Unchanged membership (another subset changed): keep the balancer, which may be costly to
      // build.
      return;
    }
    this.endpoints = members;
    this.runtimes = memberRuntimes;
    if (meterFactory.enabled()) {
      updateRequestMeters(members, memberRuntimes);
    }
    rebuild(nowNanos);
  }

  /** Resolves the request timers of members that joined and removes those of members that left. */
  private void updateRequestMeters(Endpoint[] members, EndpointRuntime[] memberRuntimes) {
    Map<EndpointRuntime, RequestMeters> kept = new IdentityHashMap<>();
    for (int i = 0; i < memberRuntimes.length; i++) {
      EndpointRuntime r = memberRuntimes[i];
      RequestMeters m = requestMeters.remove(r);
      if (m == null) {
        m = kept.get(r);
      }
      if (m == null) {
        m = meterFactory.requests(service, name, members[i]);
        r.requests(slot, m);
      }
      kept.put(r, m);
    }
    for (Map.Entry<EndpointRuntime, RequestMeters> left : requestMeters.entrySet()) {
      left.getValue().remove();
      left.getKey().requests(slot, RequestMeters.NOOP);
    }
    requestMeters.clear();
    requestMeters.putAll(kept);
  }

  /** Removes this subset's meters from the registry: the subset or its service is gone. */
  synchronized void removeMeters() {
    meters.remove();
    for (RequestMeters m : requestMeters.values()) {
      m.remove();
    }
    requestMeters.clear();
  }

  synchronized EndpointRuntime[] runtimes() {
    return runtimes.clone();
  }

  SubsetView view() {
    return view;
  }

  /** Recomputes which endpoints may take traffic and publishes a new view. */
  synchronized SubsetView rebuild(long nowNanos) {
    if (detector != null) {
      detector.releaseExpired(nowNanos);
    }
    int n = runtimes.length;
    List<Integer> eligible = new ArrayList<>(n);
    List<Integer> notOpen = new ArrayList<>(n);
    long recheckAt = Long.MAX_VALUE;
    int unhealthy = 0;
    int ejected = 0;
    int open = 0;
    int backingOff = 0;
    boolean[] available = new boolean[n];
    boolean[] usable = new boolean[n];
    long[] availableSince = slowStart == null ? null : new long[n];
    for (int i = 0; i < n; i++) {
      EndpointRuntime r = runtimes[i];
      boolean healthy = endpoints[i].healthy();
      long openUntil = r.breaker.openUntilNanos();
      boolean circuitOpen = openUntil != Long.MIN_VALUE && nowNanos - openUntil < 0;
      boolean isEjected = r.outlier.ejected();
      if (!healthy) {
        unhealthy++;
      }
      if (isEjected) {
        ejected++;
        recheckAt = Math.min(recheckAt, r.outlier.ejectedUntil());
      }
      long backOffUntil = r.backOffUntil.get();
      // Like an open circuit, a back-off the endpoint asked for holds even in panic mode.
      boolean isBackingOff = EndpointBackOff.backingOff(backOffUntil, nowNanos);
      if (isBackingOff) {
        backingOff++;
        recheckAt = Math.min(recheckAt, backOffUntil);
      }
      usable[i] = !circuitOpen && !isBackingOff;
      available[i] = usable[i] && healthy && !isEjected;
      if (availableSince != null) {
        availableSince[i] = r.availableSince(available[i], nowNanos);
      }
      if (circuitOpen) {
        open++;
        recheckAt = Math.min(recheckAt, openUntil);
      } else if (!isBackingOff) {
        notOpen.add(i);
        if (healthy && !isEjected) {
          eligible.add(i);
        }
      }
    }
    boolean panic = n > 0 && (long) eligible.size() * 100 < (long) panicThresholdPercent * n;
    // rebuilt on membership and health changes only, never per pick
    Optional<LocalityPlanner.Plan> locate =
        locality == null || n == 0 ? Optional.empty() : locality.plan(zones(), available, usable);
    SubsetView old = view;
    if (old.balancer instanceof RoundRobinBalancer) {
      // Continue the old sequence so a rebuild does not restart the interleaving.
      phase = ((RoundRobinBalancer) old.balancer).phase();
    } else if (old.groups != null
        && old.groups.length > 0
        && old.groups[0].balancer instanceof RoundRobinBalancer) {
      phase = ((RoundRobinBalancer) old.groups[0].balancer).phase();
    }
    rampRecheckAt = Long.MAX_VALUE;
    SubsetView next;
    if (locate.isEmpty()) {
      int[] chosen = (panic ? notOpen : eligible).stream().mapToInt(i -> i).toArray();
      EndpointRuntime[] members = runtimesAt(chosen);
      Balancer balancer = balancerOver(chosen, available, availableSince, nowNanos, phase);
      next =
          new SubsetView(
              members,
              balancer,
              null,
              null,
              false,
              Math.min(recheckAt, rampRecheckAt),
              panic,
              n,
              unhealthy,
              ejected,
              open,
              backingOff);
    } else {
      LocalityPlanner.Plan plan = locate.get();
      int groups = plan.groups().size();
      SubsetView.Group[] grouped = new SubsetView.Group[groups];
      int[] cumulative = new int[groups];
      List<EndpointRuntime> all = new ArrayList<>();
      int sum = 0;
      for (int g = 0; g < groups; g++) {
        int[] chosen = plan.groups().get(g);
        EndpointRuntime[] members = runtimesAt(chosen);
        all.addAll(java.util.Arrays.asList(members));
        grouped[g] =
            new SubsetView.Group(
                members,
                balancerOver(chosen, available, availableSince, nowNanos, phase + g * GROUP_PHASE));
        sum += plan.shares()[g];
        cumulative[g] = sum;
      }
      next =
          new SubsetView(
              all.toArray(new EndpointRuntime[0]),
              null,
              grouped,
              cumulative,
              policy == LoadBalancingPolicy.CONSISTENT_HASH,
              Math.min(recheckAt, rampRecheckAt),
              plan.panic(),
              n,
              unhealthy,
              ejected,
              open,
              backingOff);
    }
    view = next;
    return next;
  }

  private String[] zones() {
    String[] zones = new String[endpoints.length];
    for (int i = 0; i < zones.length; i++) {
      zones[i] = endpoints[i].zone();
    }
    return zones;
  }

  private EndpointRuntime[] runtimesAt(int[] indices) {
    EndpointRuntime[] out = new EndpointRuntime[indices.length];
    for (int j = 0; j < indices.length; j++) {
      out[j] = runtimes[indices[j]];
    }
    return out;
  }

  /**
   * Builds the policy's balancer over the endpoints at {@code chosen} (null when there are none),
   * their weights ramped by slow start; lowers {@link #rampRecheckAt} to the ramp's next step.
   */
  private Balancer balancerOver(
      int[] chosen, boolean[] available, long[] availableSince, long nowNanos, long phase) {
    int m = chosen.length;
    if (m == 0) {
      return null;
    }
    String[] ids = new String[m];
    int[] weights = new int[m];
    IntSupplier[] inFlight = new IntSupplier[m];
    PeakEwma[] rtt = policy == LoadBalancingPolicy.PEAK_EWMA ? new PeakEwma[m] : null;
    boolean ramping = false;
    for (int j = 0; j < m; j++) {
      int i = chosen[j];
      ids[j] = endpoints[i].id();
      weights[j] = endpoints[i].weight();
      inFlight[j] = runtimes[i].inFlightView;
      if (rtt != null) {
        rtt[j] = runtimes[i].rtt;
      }
      ramping |=
          availableSince != null && available[i] && slowStart.ramping(availableSince[i], nowNanos);
    }
    if (ramping) {
      rampRecheckAt =
          Math.min(
              rampRecheckAt, applySlowStart(chosen, weights, available, availableSince, nowNanos));
    }
    return Balancers.create(policy, ids, weights, inFlight, rtt, clock, phase);
  }

  /**
   * Scales the weights of a view with a member in its slow-start window: a ramping member's by its
   * factor, every other's by {@link SlowStartRamp#SCALE}.
   *
   * @return when the view must be rebuilt for the ramp to advance
   */
  private long applySlowStart(
      int[] chosen, int[] weights, boolean[] available, long[] availableSince, long nowNanos) {
    long next = Long.MAX_VALUE;
    for (int j = 0; j < weights.length; j++) {
      int i = chosen[j];
      if (available[i] && slowStart.ramping(availableSince[i], nowNanos)) {
        weights[j] = slowStart.scaledWeight(weights[j], availableSince[i], nowNanos);
        next = Math.min(next, slowStart.nextStep(availableSince[i], nowNanos));
      } else {
        weights[j] *= SlowStartRamp.SCALE;
      }
    }
    return next;
  }

  /** Rebuilds the view unless another thread already did for {@code nowNanos}. */
  private synchronized SubsetView refresh(long nowNanos) {
    SubsetView v = view;
    return nowNanos >= v.recheckAt ? rebuild(nowNanos) : v;
  }

  /**
   * Chooses an endpoint and acquires its circuit-breaker permission. Tries the balancer's pick
   * first (a few times, skipping endpoints already tried by this call while others exist), then
   * scans from a random start, and finally accepts an already tried endpoint when nothing else
   * admits the call.
   *
   * @throws dev.cloudnative.mesh.NoHealthyEndpointException when no endpoint admits the call
   */
  EndpointRuntime choose(
      MeshRequest request, long nowNanos, EndpointRuntime[] tried, int triedCount) {
    SubsetView v = view;
    if (nowNanos >= v.recheckAt) {
      v = refresh(nowNanos);
    }
    EndpointRuntime[] members = v.members;
    int n = members.length;
    if (n == 0) {
      rejections.increment();
      throw v.noHealthy(service, name, false);
    }
    int picks = Math.min(n, 3);
    for (int k = 0; k < picks; k++) {
      EndpointRuntime candidate =
          v.groups == null
              ? members[v.balancer.pick(request, nowNanos)]
              : v.pickGrouped(request, nowNanos);
      if (triedCount > 0 && triedCount < n && contains(tried, triedCount, candidate)) {
        continue;
      }
      if (candidate.breaker.tryAcquirePermission()) {
        return candidate;
      }
      candidate.stats.onRejected();
    }
    int start = ThreadLocalRandom.current().nextInt(n);
    for (int pass = 0; pass < 2; pass++) {
      for (int j = 0; j < n; j++) {
        EndpointRuntime candidate = members[(start + j) % n];
        boolean wasTried = triedCount > 0 && contains(tried, triedCount, candidate);
        if (wasTried != (pass == 1)) {
          continue;
        }
        if (candidate.breaker.state() != CircuitState.OPEN
            || nowNanos >= candidate.breaker.openUntilNanos()) {
          if (candidate.breaker.tryAcquirePermission()) {
            return candidate;
          }
        }
      }
    }
    rejections.increment();
    throw v.noHealthy(service, name, true);
  }

  private static boolean contains(EndpointRuntime[] tried, int count, EndpointRuntime candidate) {
    for (int i = 0; i < count; i++) {
      if (tried[i] == candidate) {
        return true;
      }
    }
    return false;
  }
}
