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
import dev.cloudnative.mesh.event.EndpointEjectedEvent;
import dev.cloudnative.mesh.event.MeshEvent;
import dev.cloudnative.mesh.event.MeshEventListener;
import dev.cloudnative.mesh.outlier.OutlierDetector;
import dev.cloudnative.mesh.outlier.OutlierState;
import dev.cloudnative.mesh.stats.StripedCounter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One service at runtime: its policy, route table, endpoint runtimes (by id), subset runtimes
 * (including the {@code *} pseudo-subset of all endpoints), the optional service circuit breaker
 * and outlier detector, the counters of the retry budget and one counter per {@link StopReason},
 * and its meters ({@link ServiceMeters}; subsets and endpoints hold their own) and observations.
 * Maps are replaced copy-on-write under the mesh's write lock and read lock-free. Thread-safe.
 */
final class ServiceRuntime {

  final String name;
  final DestinationPolicy policy;
  final SlidingWindowCircuitBreaker serviceBreaker;
  final OutlierDetector detector;
  // The retry budget's counters: striped, since every budgeted call changes them twice.
  final StripedCounter activeRequests = new StripedCounter();
  final StripedCounter activeRetries = new StripedCounter();
  final LongAdder calls = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder rejections = new LongAdder();
  // Indexed by StopReason.ordinal(): one striped add per call, no map lookup or boxing.
  private final LongAdder[] stops = newAdders(StopReason.values().length);
  private final MeshClock clock;
  private final MeshEventListener userListener;
  private final MeshEventListener breakerListener;
  private final long seed;
  final MeshObservations observations;
  final ServiceMeters meters;
  final BreakerMeters serviceBreakerMeters;
  // The hedging state when the policy hedges (else null, and calls skip it: HedgeLoop).
  final HedgeRuntime hedging;
  // The adaptive concurrency limit when the policy sets one (else null, and calls skip it).
  final AdaptiveLimiter adaptive;
  final AdaptiveMeters adaptiveMeters;
  private final MeshMeters meterFactory;
  // Zone awareness for every subset (null without a locality policy or a caller zone).
  private final LocalityPlanner locality;
  // The next subset's slot in each endpoint's array of request meters; written under the write
  // lock only.
  private int nextSlot;
  volatile RouteTable routes;
  private volatile Map<String, EndpointRuntime> endpoints = Map.of();
  private volatile Map<String, SubsetRuntime> subsets = Map.of();

  ServiceRuntime(
      String name,
      DestinationPolicy policy,
      RouteTable routes,
      MeshClock clock,
      MeshEventListener userListener,
      long seed,
      MeshMeters meterFactory,
      MeshObservations observations,
      String callerZone) {
    this.name = name;
    this.meterFactory = meterFactory;
    this.observations = observations;
    this.locality =
        callerZone.isEmpty()
            ? null
            : policy
                .locality()
                .map(c -> new LocalityPlanner(c, callerZone, policy.panicThresholdPercent()))
                .orElse(null);
    this.policy = policy;
    this.routes = routes;
    this.clock = clock;
    this.userListener = userListener;
    this.seed = seed;
    this.breakerListener = this::onBreakerEvent;
    this.serviceBreaker =
        policy
            .serviceCircuitBreaker()
            .map(
                c ->
                    new SlidingWindowCircuitBreaker(
                        name, name, "", c, clock, this::onServiceBreakerEvent))
            .orElse(null);
    this.detector =
        policy
            .outlierDetection()
            .map(
                c ->
                    new OutlierDetector(
                        name, c, clock, this::onDetectorEvent, this::onAvailabilityChange))
            .orElse(null);
    this.meters = meterFactory.service(name, this::stoppedCount, this::ejectedCount);
    this.serviceBreakerMeters =
        serviceBreaker == null
            ? BreakerMeters.NOOP
            : meterFactory.serviceBreaker(name, serviceBreaker);
    this.hedging =
        policy.hedging().map(h -> new HedgeRuntime(h, meterFactory.hedges(name))).orElse(null);
    this.adaptive =
        policy
            .adaptiveConcurrency()
            .map(c -> new AdaptiveLimiter(c, clock.nanoTime()))
            .orElse(null);
    this.adaptiveMeters =
        adaptive == null ? AdaptiveMeters.NOOP : meterFactory.adaptive(name, adaptive);
  }

  private int ejectedCount() {
    int n = 0;
    for (EndpointRuntime r : endpoints.values()) {
      if (r.outlier.ejected()) {
        n++;
      }
    }
    return n;
  }

  /** The budget's active requests, for {@code RetryBudget.allows}: clamped to [0, int max]. */
  int activeRequestCount() {
    return clamp(activeRequests.sum());
  }

  /** The budget's active retries and hedges, clamped like {@link #activeRequestCount()}. */
  int activeRetryCount() {
    return clamp(activeRetries.sum());
  }

  // An increment and its decrement may land on different cells (a hedge ends on another thread):
  // a reading taken between the two is clamped at zero.
  private static int clamp(long count) {
    return (int) Math.max(0L, Math.min(Integer.MAX_VALUE, count));
  }

  private static LongAdder[] newAdders(int n) {
    LongAdder[] adders = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      adders[i] = new LongAdder();
    }
    return adders;
  }

  /**
   * A call's start time that was not read when the call began, because nothing but its meters
   * needed it and the first attempt's clock reading, nanoseconds later, serves as well.
   */
  static final long START_NOT_READ = Long.MIN_VALUE;

  /**
   * Counts a call that ended with {@code reason}, records its duration and gives its observation
   * the outcome; called once per call, at its end, on the call's thread.
   *
   * @param startNanos the clock reading at the call's start, or {@link #START_NOT_READ}
   */
  void stopped(StopReason reason, long startNanos) {
    stoppedAt(reason, startNanos, meters.enabled() ? clock.nanoTime() : 0L);
  }

  /**
   * Like {@link #stopped(StopReason, long)} for a step that has just read the clock: the reading is
   * the call's end, which saves a clock read on the hot path.
   */
  void stoppedAt(StopReason reason, long startNanos, long nowNanos) {
    stops[reason.ordinal()].increment();
    if (meters.enabled()) {
      meters.callEnded(reason, startNanos == START_NOT_READ ? 0L : nowNanos - startNanos);
    }
    if (observations.enabled()) {
      observations.stopped(reason);
    }
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
          r.meters = meterFactory.endpoint(name, e, r.breaker, r.stats);
          if (policy.usesPeakEwma()) {
            r.rtt = new dev.cloudnative.mesh.balancer.PeakEwma(policy.peakEwma(), now);
          }
        }
        nextEndpoints.put(e.id(), r);
      }
      r.endpoint = e;
    }
    endpoints = Map.copyOf(nextEndpoints);
    for (EndpointRuntime gone : oldEndpoints.values()) {
      if (!nextEndpoints.containsKey(gone.id)) {
        gone.meters.remove();
      }
    }
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
    for (Map.Entry<String, SubsetRuntime> old : oldSubsets.entrySet()) {
      if (nextSubsets.get(old.getKey()) != old.getValue()) {
        old.getValue().removeMeters();
      }
    }
  }

  /**
   * Removes every meter of this service from the registry: the service no longer exists, or a new
   * runtime (a new policy) takes its place, whose meters of the same names and tags must not be the
   * ones removed. Called under the mesh's write lock, before any replacement is made.
   */
  void removeMeters() {
    meters.remove();
    serviceBreakerMeters.remove();
    if (hedging != null) {
      hedging.meters.remove();
    }
    adaptiveMeters.remove();
    for (EndpointRuntime r : endpoints.values()) {
      r.meters.remove();
    }
    for (SubsetRuntime subset : subsets.values()) {
      subset.removeMeters();
    }
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
              seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L) ^ subsetName.hashCode(),
              nextSlot++,
              meterFactory,
              clock,
              policy.slowStart().orElse(null),
              locality);
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
    if (event instanceof CircuitStateTransitionEvent t) {
      EndpointRuntime r = endpoints.get(t.breaker());
      if (r != null) {
        r.meters.breaker.transition(t.from(), t.to());
      }
    }
    try {
      userListener.onEvent(event);
    } finally {
      if (event instanceof CircuitStateTransitionEvent t && t.to() == CircuitState.OPEN) {
        onAvailabilityChange();
      }
    }
  }

  private void onServiceBreakerEvent(MeshEvent event) {
    if (event instanceof CircuitStateTransitionEvent t) {
      // The service breaker is made before its meters: a transition in between has none yet.
      BreakerMeters m = serviceBreakerMeters;
      if (m != null) {
        m.transition(t.from(), t.to());
      }
    }
    userListener.onEvent(event);
  }

  private void onDetectorEvent(MeshEvent event) {
    if (event instanceof EndpointEjectedEvent e) {
      EndpointRuntime r = endpoints.get(e.endpointId());
      if (r != null) {
        r.meters.ejected();
      }
    }
    userListener.onEvent(event);
  }

  /** Rebuilds every subset view after an endpoint's availability changed. */
  void onAvailabilityChange() {
    long now = clock.nanoTime();
    for (SubsetRuntime subset : subsets.values()) {
      subset.rebuild(now);
    }
  }
}
