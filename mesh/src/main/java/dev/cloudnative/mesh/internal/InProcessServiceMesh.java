package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.CircuitBreaker;
import dev.cloudnative.mesh.CircuitState;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointCall;
import dev.cloudnative.mesh.EndpointRegistry;
import dev.cloudnative.mesh.EndpointStats;
import dev.cloudnative.mesh.LatencySnapshot;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.MeshStats;
import dev.cloudnative.mesh.NoHealthyEndpointException;
import dev.cloudnative.mesh.RegistrySnapshot;
import dev.cloudnative.mesh.RouteTable;
import dev.cloudnative.mesh.ServiceEndpoints;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.ServiceStats;
import dev.cloudnative.mesh.StopReason;
import dev.cloudnative.mesh.SubsetStats;
import dev.cloudnative.mesh.event.MeshEvent;
import dev.cloudnative.mesh.event.MeshEventListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ServiceMesh}: everything in the calling process, no sidecar.
 *
 * <p>This class holds the mesh's configuration and lifecycle and answers inspection; a call is
 * handed, after one lock-free map read of its service's runtime, to the call machinery, one step
 * per class: {@link CallExecutor} (service breaker, budget, deadline) → {@link RouteResolver}
 * (route table, subset, {@link FaultInjector fault}, {@link MirrorSender mirror}) → {@link
 * AttemptLoop} (pick, admit, {@link AttemptRunner run}, {@link OutcomeRecorder record}, {@link
 * RetryDecision retry}). Every call ends under one {@link StopReason}, which the exception it
 * throws carries and {@link ServiceStats#stopReasons()} counts. Configuration (registry snapshots,
 * policies, routes) is applied under one write lock and published through volatile fields; calls
 * never take a lock except to wait for a pending slot.
 *
 * <p>An attempt that throws a {@link dev.cloudnative.mesh.NotEndpointFault} (an unchecked one) ends
 * the call at once with that exception: the attempt's circuit-breaker permissions are given back
 * and nothing is recorded, because the transport refused before sending anything and another
 * endpoint or a retry would not change that.
 *
 * <p>Meters ({@link MeshMeters}) are made with each service, subset and endpoint runtime and
 * removed from the registry with it (and all of them on {@link #close()}); observations ({@link
 * MeshObservations}) are skipped when the registry is a no-op.
 *
 * <p>After {@link #close()} every operation but {@code close} throws {@link IllegalStateException};
 * the check is one volatile read.
 *
 * <p>Thread-safe.
 */
public final class InProcessServiceMesh implements ServiceMesh {

  private static final Logger LOG = LoggerFactory.getLogger(InProcessServiceMesh.class);

  private final MeshClock clock;
  private final EndpointRegistry registry;
  private final DestinationPolicy defaultPolicy;
  private final MeshEventListener listener;
  private final long seed;
  // The caller's zone, for services with zone awareness ("" when unknown).
  private final String zone;
  private final java.util.function.Consumer<RegistrySnapshot> registryListener = this::onSnapshot;
  private final Object writeLock = new Object();
  private final Workers workers = new Workers();
  private final CallExecutor calls;
  private final Optional<MeterRegistry> meterRegistry;
  private final ObservationRegistry observationRegistry;
  private final MeshMeters meters;
  private final MeshObservations observations;
  private volatile Map<String, ServiceRuntime> services = Map.of();
  private volatile Map<String, RouteTable> routes = Map.of();
  private volatile Map<String, DestinationPolicy> policies = Map.of();
  private volatile boolean closed;

  public InProcessServiceMesh(
      MeshClock clock,
      EndpointRegistry registry,
      DestinationPolicy defaultPolicy,
      List<MeshEventListener> listeners,
      long seed,
      Optional<MeterRegistry> meterRegistry,
      ObservationRegistry observationRegistry,
      String zone) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    List<MeshEventListener> copy = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
    this.listener = event -> dispatch(copy, event);
    this.seed = seed;
    this.zone = Objects.requireNonNull(zone, "zone");
    this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
    this.observationRegistry = Objects.requireNonNull(observationRegistry, "observationRegistry");
    this.meters = meterRegistry.map(MeshMeters::of).orElse(MeshMeters.NOOP);
    this.observations = new MeshObservations(observationRegistry);
    this.calls =
        new CallExecutor(
            clock,
            new RouteResolver(new MirrorSender(clock, workers)),
            new AttemptLoop(clock, new AttemptRunner(workers)),
            new HedgeLoop(clock, workers));
    registry.addListener(registryListener);
    onSnapshot(registry.snapshot());
  }

  private static void dispatch(List<MeshEventListener> listeners, MeshEvent event) {
    for (MeshEventListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("Mesh event listener {} failed on {}", l, event, e);
      }
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new MeshClosedException();
    }
  }

  @Override
  public Optional<MeterRegistry> meterRegistry() {
    return meterRegistry;
  }

  @Override
  public ObservationRegistry observationRegistry() {
    return observationRegistry;
  }

  @Override
  public EndpointRegistry registry() {
    checkOpen();
    return registry;
  }

  // ---------------------------------------------------------------- configuration

  private void onSnapshot(RegistrySnapshot snapshot) {
    synchronized (writeLock) {
      Map<String, ServiceRuntime> next = new HashMap<>();
      for (ServiceEndpoints state : snapshot.services().values()) {
        ServiceRuntime runtime = services.get(state.service());
        if (runtime == null) {
          runtime = newRuntime(state.service());
        }
        runtime.update(state);
        next.put(state.service(), runtime);
      }
      for (ServiceRuntime old : services.values()) {
        if (next.get(old.name) != old) {
          old.removeMeters();
        }
      }
      services = Map.copyOf(next);
    }
  }

  private ServiceRuntime newRuntime(String service) {
    return new ServiceRuntime(
        service,
        policyOf(service),
        routes.get(service),
        clock,
        listener,
        seed ^ ThreadLocalRandom.current().nextLong(),
        meters,
        observations,
        zone);
  }

  @Override
  public void routes(RouteTable table) {
    checkOpen();
    Objects.requireNonNull(table, "table");
    synchronized (writeLock) {
      Map<String, RouteTable> next = new HashMap<>(routes);
      next.put(table.service(), table);
      routes = Map.copyOf(next);
      ServiceRuntime runtime = services.get(table.service());
      if (runtime != null) {
        runtime.routes = table;
      }
    }
  }

  @Override
  public void removeRoutes(String service) {
    checkOpen();
    Objects.requireNonNull(service, "service");
    synchronized (writeLock) {
      Map<String, RouteTable> next = new HashMap<>(routes);
      next.remove(service);
      routes = Map.copyOf(next);
      ServiceRuntime runtime = services.get(service);
      if (runtime != null) {
        runtime.routes = null;
      }
    }
  }

  /**
   * Installs a policy; the service's runtime state (breakers, ejections, counters) starts afresh
   * under it.
   */
  @Override
  public void policy(String service, DestinationPolicy policy) {
    checkOpen();
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(policy, "policy");
    synchronized (writeLock) {
      Map<String, DestinationPolicy> next = new HashMap<>(policies);
      next.put(service, policy);
      policies = Map.copyOf(next);
      ServiceRuntime old = services.get(service);
      if (old != null) {
        // Before the new runtime registers meters of the same names and tags.
        old.removeMeters();
        Optional<ServiceEndpoints> state = registry.snapshot().service(service);
        Map<String, ServiceRuntime> nextServices = new HashMap<>(services);
        if (state.isPresent()) {
          ServiceRuntime runtime = newRuntime(service);
          runtime.update(state.get());
          nextServices.put(service, runtime);
        } else {
          nextServices.remove(service);
        }
        services = Map.copyOf(nextServices);
      }
    }
  }

  @Override
  public DestinationPolicy policy(String service) {
    checkOpen();
    Objects.requireNonNull(service, "service");
    return policyOf(service);
  }

  private DestinationPolicy policyOf(String service) {
    return policies.getOrDefault(service, defaultPolicy);
  }

  // ---------------------------------------------------------------- calls

  @Override
  public <T> T call(
      String service,
      MeshRequest request,
      Function<Endpoint, T> call,
      ToIntFunction<? super T> statusOf) {
    Objects.requireNonNull(call, "call");
    return execute(service, request, call, null, statusOf);
  }

  @Override
  public <T> T call(
      String service,
      MeshRequest request,
      EndpointCall<T> call,
      ToIntFunction<? super T> statusOf) {
    Objects.requireNonNull(call, "call");
    return execute(service, request, null, call, statusOf);
  }

  private <T> T execute(
      String service,
      MeshRequest request,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      ToIntFunction<? super T> statusOf) {
    checkOpen();
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(statusOf, "statusOf");
    ServiceRuntime svc = services.get(service);
    if (svc == null) {
      // Not counted under a stop reason: an unknown service has no counters to count it in.
      throw new NoHealthyEndpointException(
          service,
          RouteTable.ALL_SUBSETS,
          NoHealthyEndpointException.Reason.UNKNOWN_SERVICE,
          0,
          0,
          0,
          0);
    }
    return calls.execute(svc, request, function, endpointCall, statusOf);
  }

  // ---------------------------------------------------------------- inspection

  @Override
  public Optional<CircuitBreaker> circuitBreaker(String service, String endpointId) {
    checkOpen();
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(endpointId, "endpointId");
    ServiceRuntime svc = services.get(service);
    if (svc == null) {
      return Optional.empty();
    }
    EndpointRuntime ep = svc.endpoint(endpointId);
    return ep == null ? Optional.empty() : Optional.of(ep.breaker);
  }

  @Override
  public boolean backOff(String service, String endpointId, Duration duration) {
    checkOpen();
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(endpointId, "endpointId");
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "duration was " + duration + "; allowed zero or a positive duration");
    }
    ServiceRuntime svc = services.get(service);
    EndpointRuntime ep = svc == null ? null : svc.endpoint(endpointId);
    if (ep == null) {
      return false;
    }
    EndpointBackOff.apply(svc, ep, duration, clock.nanoTime());
    return true;
  }

  @Override
  public MeshStats stats() {
    checkOpen();
    Map<String, ServiceStats> all = new HashMap<>();
    for (ServiceRuntime svc : services.values()) {
      all.put(svc.name, stats(svc));
    }
    return new MeshStats(all);
  }

  @Override
  public Optional<ServiceStats> stats(String service) {
    checkOpen();
    Objects.requireNonNull(service, "service");
    ServiceRuntime svc = services.get(service);
    return svc == null ? Optional.empty() : Optional.of(stats(svc));
  }

  private ServiceStats stats(ServiceRuntime svc) {
    Map<String, SubsetStats> subsets = new HashMap<>();
    for (SubsetRuntime subset : svc.subsets().values()) {
      List<EndpointStats> endpoints = new ArrayList<>();
      long requests = 0;
      long successes = 0;
      long failures = 0;
      LatencySnapshot latency = LatencySnapshot.EMPTY;
      for (EndpointRuntime ep : subset.runtimes()) {
        LatencySnapshot l = ep.stats.latency();
        long ok = ep.stats.successes();
        long failed = ep.stats.failures();
        int inFlight = ep.inFlightNow();
        EndpointStats s =
            new EndpointStats(
                ep.endpoint,
                ok + failed + inFlight,
                ok,
                failed,
                ep.stats.rejections(),
                inFlight,
                ep.breaker.state(),
                ep.outlier.ejected(),
                l);
        endpoints.add(s);
        requests += s.requests();
        successes += s.successes();
        failures += s.failures();
        latency = latency.merge(l);
      }
      subsets.put(
          subset.name,
          new SubsetStats(
              subset.name,
              requests,
              successes,
              failures,
              subset.rejections.sum(),
              latency,
              endpoints));
    }
    Optional<CircuitState> state =
        Optional.ofNullable(svc.serviceBreaker).map(CircuitBreaker::state);
    Map<StopReason, Long> stops = new EnumMap<>(StopReason.class);
    for (StopReason reason : StopReason.values()) {
      stops.put(reason, svc.stoppedCount(reason));
    }
    return new ServiceStats(
        svc.name, svc.calls.sum(), svc.retries.sum(), svc.rejections.sum(), state, subsets, stops);
  }

  /**
   * Idempotent: a second call returns at once. Calls in progress complete; attempts they queue get
   * no worker.
   */
  @Override
  public void close() {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      for (ServiceRuntime svc : services.values()) {
        svc.removeMeters();
      }
    }
    registry.removeListener(registryListener);
    workers.close();
  }
}
