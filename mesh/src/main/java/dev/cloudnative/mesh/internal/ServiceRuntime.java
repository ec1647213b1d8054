package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.CircuitBreakerConfig;
import dev.cloudnative.mesh.CircuitState;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.RouteTable;
import dev.cloudnative.mesh.ServiceEndpoints;
import dev.cloudnative.mesh.StopReason;
import dev.cloudnative.mesh.circuitbreaker.SlidingWindowCircuitBreaker;
import dev.cloudnative.mesh.event.CircuitStateTransitionEvent;
import dev.cloudnative.mesh.event.MeshEvent;
import dev.cloudnative.mesh.event.MeshEventListener;
import dev.cloudnative.mesh.outlier.OutlierDetector;
import dev.cloudnative.mesh.outlier.OutlierState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One service at runtime: its policy, route table, endpoint runtimes (by id), subset runtimes
 * (including the {@code *} pseudo-subset of all endpoints), the optional service circuit breaker
 * and outlier detector, the counters of the retry budget and one counter per {@link StopReason}.
 * Maps are replaced copy-on-write under the mesh's write lock and read lock-free. Thread-safe.
 */
final class ServiceRuntime {

  final String name;
  final DestinationPolicy policy;
  final SlidingWindowCircuitBreaker serviceBreaker;
  final OutlierDetector detector;
  final AtomicInteger activeRequests = new AtomicInteger();
  final AtomicInteger activeRetries = new AtomicInteger();
  final LongAdder calls = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder rejections = new LongAdder();
  // Indexed by StopReason.ordinal(): one striped add per call, no map lookup or boxing.
  private final LongAdder[] stops = newAdders(StopReason.values().length);
  private final MeshClock clock;
  private final MeshEventListener userListener;
  private final MeshEventListener breakerListener;
  private final long seed;
  volatile RouteTable routes;
  private volatile Map<String, EndpointRuntime> endpoints = Map.of();
  private volatile Map<String, SubsetRuntime> subsets = Map.of();

  ServiceRuntime(
      String name,
      DestinationPolicy policy,
      RouteTable routes,
      MeshClock clock,
      MeshEventListener userListener,
      long seed) {
    this.name = name;
    this.policy = policy;
    this.routes = routes;
    this.clock = clock;
    this.userListener = userListener;
    this.seed = seed;
    this.breakerListener = this::onBreakerEvent;
    this.serviceBreaker =
        policy
            .serviceCircuitBreaker()
            .map(c -> new SlidingWindowCircuitBreaker(name, name, "", c, clock, userListener))
            .orElse(null);
    this.detector =
        policy
            .outlierDetection()
            .map(c -> new OutlierDetector(name, c, clock, userListener, this::onAvailabilityChange))
            .orElse(null);
  }

  private static LongAdder[] newAdders(int n) {
    LongAdder[] adders = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  /** Counts a call that ended with {@code reason}; called once per call, at its end. */
  void stopped(StopReason reason) {
    stops[reason.ordinal()].increment();
  }

  /**
   * @return how many calls ended with {@code reason} so far
   */
  long stoppedCount(StopReason reason) {
    return stops[reason.ordinal()].sum();
  }

  SubsetRuntime subset(String subset) {
    return subsets.get(subset);
  }

  Map<String, SubsetRuntime> subsets() {
    return subsets;
  }

  EndpointRuntime endpoint(String id) {
    return endpoints.get(id);
  }

  /** Applies a registry snapshot of this service; called under the mesh's write lock. */
  void update(ServiceEndpoints state) {
    long now = clock.nanoTime();
    Map<String, EndpointRuntime> oldEndpoints = endpoints;
    Map<String, EndpointRuntime> nextEndpoints = new LinkedHashMap<>();
    for (Endpoint e : state.allEndpoints()) {
      EndpointRuntime r = nextEndpoints.get(e.id());
      if (r == null) {
        r = oldEndpoints.get(e.id());
        if (r == null) {
          r = new EndpointRuntime(e, newBreaker(e.id(), policy.endpointCircuitBreaker()));
        }
        nextEndpoints.put(e.id(), r);
      }
      r.endpoint = e;
    }
    endpoints = Map.copyOf(nextEndpoints);
    if (detector != null) {
      detector.setMembers(
          nextEndpoints.values().stream().map(r -> r.outlier).toArray(OutlierState[]::new));
    }
    Map<String, SubsetRuntime> oldSubsets = subsets;
    Map<String, SubsetRuntime> nextSubsets = new HashMap<>();
    for (String subsetName : state.subsets().keySet()) {
      nextSubsets.put(
          subsetName,
          applyMembers(
              oldSubsets.get(subsetName),
              subsetName,
              state.subsets().get(subsetName),
              nextEndpoints,
              now));
    }
    nextSubsets.put(
        RouteTable.ALL_SUBSETS,
        applyMembers(
            oldSubsets.get(RouteTable.ALL_SUBSETS),
            RouteTable.ALL_SUBSETS,
            state.endpoints(RouteTable.ALL_SUBSETS),
            nextEndpoints,
            now));
    subsets = Map.copyOf(nextSubsets);
  }

  private SubsetRuntime applyMembers(
      SubsetRuntime existing,
      String subsetName,
      List<Endpoint> members,
      Map<String, EndpointRuntime> runtimes,
      long now) {
    SubsetRuntime subset = existing;
    if (subset == null) {
      subset =
          new SubsetRuntime(
              name,
              subsetName,
              policy.loadBalancing(subsetName),
              policy.panicThresholdPercent(),
              new ConcurrencyLimiter(policy.limits()),
              detector,
              seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L) ^ subsetName.hashCode());
    }
    Endpoint[] eps = members.toArray(new Endpoint[0]);
    EndpointRuntime[] rts = new EndpointRuntime[eps.length];
    for (int i = 0; i < eps.length; i++) {
      rts[i] = runtimes.get(eps[i].id());
    }
    subset.setMembers(eps, rts, now);
    return subset;
  }

  private SlidingWindowCircuitBreaker newBreaker(String endpointId, CircuitBreakerConfig config) {
    return new SlidingWindowCircuitBreaker(endpointId, name, "", config, clock, breakerListener);
  }

  private void onBreakerEvent(MeshEvent event) {
    try {
      userListener.onEvent(event);
    } finally {
      if (event instanceof CircuitStateTransitionEvent t && t.to() == CircuitState.OPEN) {
        onAvailabilityChange();
      }
    }
  }

  /** Rebuilds every subset view after an endpoint's availability changed. */
  void onAvailabilityChange() {
    long now = clock.nanoTime();
    for (SubsetRuntime subset : subsets.values()) {
      subset.rebuild(now);
    }
  }
}
