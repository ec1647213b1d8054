package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.CallNotPermittedException;
import dev.cloudnative.mesh.CircuitBreaker;
import dev.cloudnative.mesh.CircuitState;
import dev.cloudnative.mesh.ConcurrencyLimitExceededException;
import dev.cloudnative.mesh.DestinationPolicy;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointCall;
import dev.cloudnative.mesh.EndpointRegistry;
import dev.cloudnative.mesh.EndpointStats;
import dev.cloudnative.mesh.FaultInjectedException;
import dev.cloudnative.mesh.FaultInjection;
import dev.cloudnative.mesh.LatencySnapshot;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshException;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.MeshStats;
import dev.cloudnative.mesh.MeshTimeoutException;
import dev.cloudnative.mesh.Mirror;
import dev.cloudnative.mesh.NoHealthyEndpointException;
import dev.cloudnative.mesh.NoRouteException;
import dev.cloudnative.mesh.NotEndpointFault;
import dev.cloudnative.mesh.RegistrySnapshot;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.RouteRule;
import dev.cloudnative.mesh.RouteTable;
import dev.cloudnative.mesh.ServiceEndpoints;
import dev.cloudnative.mesh.ServiceMesh;
import dev.cloudnative.mesh.ServiceStats;
import dev.cloudnative.mesh.SubsetStats;
import dev.cloudnative.mesh.UpstreamCallException;
import dev.cloudnative.mesh.event.MeshEvent;
import dev.cloudnative.mesh.event.MeshEventListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link ServiceMesh}: everything in the calling process, no sidecar.
 *
 * <p>A call: look up the service runtime (one map read) → evaluate its route table and draw the
 * destination subset → apply the route's fault → choose an endpoint from the subset's current view
 * and acquire its circuit-breaker permission → pass the subset's concurrency limiter → run the
 * attempt → record the outcome in the breaker, outlier detection and statistics → retry on another
 * endpoint when the policy, budget and deadline allow. Configuration (registry snapshots, policies,
 * routes) is applied under one write lock and published through volatile fields; calls never take a
 * lock except to wait for a pending slot.
 *
 * <p>An attempt that throws a {@link NotEndpointFault} (an unchecked one) ends the call at once
 * with that exception: the attempt's circuit-breaker permissions are given back and nothing is
 * recorded, because the transport refused before sending anything and another endpoint or a retry
 * would not change that.
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
  private final java.util.function.Consumer<RegistrySnapshot> registryListener = this::onSnapshot;
  private final Object writeLock = new Object();
  private final AtomicInteger workerIds = new AtomicInteger();
  private volatile Map<String, ServiceRuntime> services = Map.of();
  private volatile Map<String, RouteTable> routes = Map.of();
  private volatile Map<String, DestinationPolicy> policies = Map.of();
  private volatile ExecutorService workers;
  private volatile boolean closed;

  /**
   * The mesh refuses a call because it was closed. A {@link NotEndpointFault}, so that an attempt
   * which needs a worker thread after a concurrent close is not charged to its endpoint. Immutable.
   */
  private static final class ClosedException extends IllegalStateException
      implements NotEndpointFault {
    private static final long serialVersionUID = 1L;

    ClosedException() {
      super("service mesh is closed");
    }
  }

  public InProcessServiceMesh(
      MeshClock clock,
      EndpointRegistry registry,
      DestinationPolicy defaultPolicy,
      List<MeshEventListener> listeners,
      long seed) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    List<MeshEventListener> copy = List.copyOf(listeners);
    this.listener = event -> dispatch(copy, event);
    this.seed = seed;
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
      throw new ClosedException();
    }
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
        seed ^ ThreadLocalRandom.current().nextLong());
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
      throw new NoHealthyEndpointException(
          service,
          RouteTable.ALL_SUBSETS,
          NoHealthyEndpointException.Reason.UNKNOWN_SERVICE,
          0,
          0,
          0,
          0);
    }
    svc.calls.increment();
    RetryPolicy retry = svc.policy.retry();
    long overall = retry.overallTimeout().toNanos();
    CircuitBreaker serviceBreaker = svc.serviceBreaker;
    // The clock is read here only when something needs the call's start time.
    long start = overall > 0 || serviceBreaker != null ? clock.nanoTime() : 0L;
    long deadline = overall > 0 ? start + overall : Long.MAX_VALUE;
    if (serviceBreaker != null && !serviceBreaker.tryAcquirePermission()) {
      svc.rejections.increment();
      throw new CallNotPermittedException(service, serviceBreaker.state());
    }
    boolean budgeted = retry.maxAttempts() > 1;
    if (budgeted) {
      svc.activeRequests.incrementAndGet();
    }
    boolean success = false;
    boolean refused = false;
    try {
      SubsetRuntime subset = resolveSubset(svc, request, function, endpointCall, statusOf);
      T result =
          attempts(svc, subset, request, retry, start, deadline, function, endpointCall, statusOf);
      success = true;
      return result;
    } catch (RuntimeException e) {
      refused = e instanceof NotEndpointFault;
      throw e;
    } finally {
      if (budgeted) {
        svc.activeRequests.decrementAndGet();
      }
      if (serviceBreaker != null) {
        if (refused) {
          // Nothing reached the service: the outcome says nothing about its health.
          serviceBreaker.releasePermission();
        } else {
          long took = clock.nanoTime() - start;
          if (success) {
            serviceBreaker.onSuccess(took);
          } else {
            serviceBreaker.onError(took);
          }
        }
      }
    }
  }

  private <T> SubsetRuntime resolveSubset(
      ServiceRuntime svc,
      MeshRequest request,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      ToIntFunction<? super T> statusOf) {
    RouteTable table = svc.routes;
    String subsetName = RouteTable.ALL_SUBSETS;
    if (table != null) {
      RouteRule rule = table.matchOrNull(request);
      if (rule == null) {
        svc.rejections.increment();
        throw new NoRouteException(svc.name, request);
      }
      int total = rule.totalWeight();
      subsetName = rule.subsetFor(total == 1 ? 0 : ThreadLocalRandom.current().nextInt(total));
      FaultInjection fault = rule.fault();
      if (fault != FaultInjection.NONE && !fault.isNone()) {
        applyFault(svc, fault);
      }
      Mirror mirror = rule.mirrorOrNull();
      if (mirror != null && ThreadLocalRandom.current().nextDouble() * 100 < mirror.percent()) {
        mirror(svc, mirror, request, function, endpointCall, statusOf);
      }
    }
    SubsetRuntime subset = svc.subset(subsetName);
    if (subset == null) {
      svc.rejections.increment();
      throw new NoHealthyEndpointException(
          svc.name, subsetName, NoHealthyEndpointException.Reason.UNKNOWN_SUBSET, 0, 0, 0, 0);
    }
    return subset;
  }

  /**
   * Sends a copy of the call to an endpoint of the mirror subset on a worker thread. Nothing of it
   * reaches the caller: an unavailable mirror subset or a failing copy is only logged (at debug)
   * and recorded for the endpoint.
   */
  private <T> void mirror(
      ServiceRuntime svc,
      Mirror mirror,
      MeshRequest request,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      ToIntFunction<? super T> statusOf) {
    SubsetRuntime target = svc.subset(mirror.subset());
    if (target == null) {
      LOG.debug(
          "Mirror subset {} of service {} does not exist; copy dropped", mirror.subset(), svc.name);
      return;
    }
    EndpointRuntime ep;
    try {
      ep = target.choose(request, clock.nanoTime(), null, 0);
    } catch (NoHealthyEndpointException e) {
      LOG.debug("No endpoint for the mirror copy of a call to {}: {}", svc.name, e.getMessage());
      return;
    }
    Endpoint endpoint = ep.endpoint;
    RetryPolicy retry = svc.policy.retry();
    ep.inFlight.incrementAndGet();
    Runnable copy =
        () -> {
          long t0 = clock.nanoTime();
          boolean failed;
          try {
            T result =
                endpointCall != null
                    ? endpointCall.call(endpoint, retry.perTryTimeout())
                    : function.apply(endpoint);
            int status = statusOf.applyAsInt(result);
            failed = status >= 500 && status <= 599;
          } catch (Exception e) {
            if (e instanceof NotEndpointFault && e instanceof RuntimeException) {
              ep.breaker.releasePermission();
              LOG.debug(
                  "Mirror copy of a call to {} refused for {}: {}",
                  svc.name,
                  endpoint.id(),
                  e.getMessage());
              return;
            }
            LOG.debug("Mirror copy of a call to {} failed on {}", svc.name, endpoint.id(), e);
            failed = true;
          } finally {
            ep.inFlight.decrementAndGet();
          }
          long t1 = clock.nanoTime();
          record(svc, ep, failed, t1 - t0, t1);
        };
    try {
      workers().execute(copy);
    } catch (RuntimeException e) {
      // Closed mesh or exhausted threads: the copy is dropped, its admission undone.
      ep.inFlight.decrementAndGet();
      ep.breaker.releasePermission();
      LOG.debug("Mirror copy of a call to {} dropped: {}", svc.name, e.toString());
    }
  }

  private void applyFault(ServiceRuntime svc, FaultInjection fault) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (fault.delayPercent() > 0 && random.nextDouble() * 100 < fault.delayPercent()) {
      sleepNanos(svc.name, fault.delay().toNanos());
    }
    if (fault.abortPercent() > 0 && random.nextDouble() * 100 < fault.abortPercent()) {
      svc.rejections.increment();
      throw new FaultInjectedException(svc.name, fault.abortStatus());
    }
  }

  private <T> T attempts(
      ServiceRuntime svc,
      SubsetRuntime subset,
      MeshRequest request,
      RetryPolicy retry,
      long start,
      long deadline,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      ToIntFunction<? super T> statusOf) {
    EndpointRuntime[] tried = null;
    T lastResult = null;
    Throwable lastFailure = null;
    Endpoint lastEndpoint = null;
    int attempt = 0;
    while (true) {
      attempt++;
      long now = clock.nanoTime();
      // nanoTime may be negative: compare with the deadline only when there is one (no overflow).
      if (deadline != Long.MAX_VALUE && now - deadline >= 0) {
        throw new MeshTimeoutException(svc.name, "overall timeout", retry.overallTimeout());
      }
      EndpointRuntime ep;
      if (attempt == 1) {
        ep = subset.choose(request, now, null, 0);
      } else {
        try {
          ep = subset.choose(request, now, tried, attempt - 1);
        } catch (NoHealthyEndpointException e) {
          // The previous attempt's outcome is more useful to the caller than the empty subset.
          if (lastFailure == null) {
            return lastResult;
          }
          throw new UpstreamCallException(
              svc.name,
              lastEndpoint,
              attempt - 1,
              "no endpoint left to retry on (" + e.reason() + ")",
              lastFailure);
        }
      }
      if (!subset.limiter.acquire(deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now)) {
        ep.breaker.releasePermission();
        subset.rejections.increment();
        throw new ConcurrencyLimitExceededException(
            svc.name,
            subset.name,
            subset.limiter.limits().maxInFlight(),
            subset.limiter.limits().maxPending());
      }
      boolean isRetry = attempt > 1;
      if (isRetry) {
        svc.retries.increment();
        svc.activeRetries.incrementAndGet();
      }
      ep.inFlight.incrementAndGet();
      Endpoint endpoint = ep.endpoint;
      // Choosing takes nanoseconds, so the attempt's clock starts with the loop's reading, unless
      // admission may
      // have queued the call for a pending slot.
      long t0 = subset.limiter.unlimited() ? now : clock.nanoTime();
      T result = null;
      Throwable failure = null;
      try {
        result = runAttempt(svc, endpoint, retry, deadline, t0, function, endpointCall);
      } catch (Throwable t) {
        failure = t;
      } finally {
        ep.inFlight.decrementAndGet();
        subset.limiter.release();
        if (isRetry) {
          svc.activeRetries.decrementAndGet();
        }
      }
      if (failure instanceof NotEndpointFault && failure instanceof RuntimeException) {
        // Refused before sending: no outcome to record, and no other endpoint or retry would change
        // it.
        ep.breaker.releasePermission();
        if (lastFailure != null) {
          failure.addSuppressed(lastFailure);
        }
        throw (RuntimeException) failure;
      }
      long t1 = clock.nanoTime();
      long took = t1 - t0;
      int status = failure == null ? statusOf.applyAsInt(result) : 0;
      boolean failed = failure != null || (status >= 500 && status <= 599);
      record(svc, ep, failed, took, t1);
      if (!failed) {
        return result;
      }
      if (failure instanceof Error) {
        throw (Error) failure;
      }
      boolean retryable =
          failure != null ? retry.retriesOn(failure) : retry.retriesOnStatus(status);
      String why = null;
      if (!retryable) {
        why = "not retryable";
      } else if (attempt >= retry.maxAttempts()) {
        why = "attempts exhausted";
      } else if (!retry.budget().allows(svc.activeRetries.get(), svc.activeRequests.get())) {
        why = "retry budget exhausted";
      }
      long backoff =
          why == null ? retry.backoffNanos(attempt, ThreadLocalRandom.current().nextDouble()) : 0;
      if (why == null && deadline != Long.MAX_VALUE && t1 + backoff - deadline >= 0) {
        why = "deadline reached";
      }
      if (why != null) {
        if (failure == null) {
          return result;
        }
        if (failure instanceof MeshTimeoutException) {
          throw (MeshTimeoutException) failure;
        }
        throw new UpstreamCallException(svc.name, endpoint, attempt, why, failure);
      }
      lastResult = result;
      lastFailure = failure;
      lastEndpoint = endpoint;
      if (tried == null) {
        tried = new EndpointRuntime[retry.maxAttempts()];
      }
      tried[attempt - 1] = ep;
      LOG.debug(
          "Retrying call to {} after failure on {} (attempt {})", svc.name, endpoint.id(), attempt);
      if (backoff > 0) {
        sleepNanos(svc.name, backoff);
      }
    }
  }

  private void record(ServiceRuntime svc, EndpointRuntime ep, boolean failed, long took, long now) {
    if (failed) {
      ep.breaker.onError(took);
    } else {
      ep.breaker.onSuccess(took);
    }
    ep.stats.onOutcome(!failed, took);
    if (svc.detector != null) {
      if (failed) {
        svc.detector.onFailure(ep.outlier, now);
      } else {
        svc.detector.onSuccess(ep.outlier);
      }
      svc.detector.maybeSweep(now);
    }
  }

  private <T> T runAttempt(
      ServiceRuntime svc,
      Endpoint endpoint,
      RetryPolicy retry,
      long deadline,
      long now,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall)
      throws Exception {
    long perTry = retry.perTryTimeout().toNanos();
    long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
    long budget = perTry > 0 ? Math.min(perTry, remaining) : remaining;
    if (endpointCall != null) {
      return endpointCall.call(
          endpoint, budget == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(budget));
    }
    if (budget == Long.MAX_VALUE) {
      return function.apply(endpoint);
    }
    Future<T> future = workers().submit(() -> function.apply(endpoint));
    try {
      return future.get(budget, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      boolean perTryBound = perTry > 0 && perTry <= remaining;
      throw new MeshTimeoutException(
          svc.name,
          perTryBound ? "per-try timeout" : "overall timeout",
          perTryBound ? retry.perTryTimeout() : retry.overallTimeout());
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw (Error) cause;
    } catch (CancellationException e) {
      throw new MeshException(svc.name, "Attempt on " + endpoint.id() + " was cancelled", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new MeshException(
          svc.name, "Interrupted while waiting for an attempt on " + endpoint.id(), e);
    }
  }

  private ExecutorService workers() {
    ExecutorService pool = workers;
    if (pool == null) {
      synchronized (writeLock) {
        if (closed) {
          throw new ClosedException();
        }
        pool = workers;
        if (pool == null) {
          pool =
              Executors.newCachedThreadPool(
                  task -> {
                    Thread t = new Thread(task, "mesh-attempt-" + workerIds.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                  });
          workers = pool;
        }
      }
    }
    return pool;
  }

  private static void sleepNanos(String service, long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeshException(service, "Interrupted while backing off before a retry", e);
    }
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
        int inFlight = ep.inFlight.get();
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
    return new ServiceStats(
        svc.name, svc.calls.sum(), svc.retries.sum(), svc.rejections.sum(), state, subsets);
  }

  /**
   * Idempotent: a second call returns at once. Calls in progress complete; attempts they queue get
   * no worker.
   */
  @Override
  public void close() {
    ExecutorService pool;
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      closed = true;
      pool = workers;
      workers = null;
    }
    registry.removeListener(registryListener);
    if (pool != null) {
      pool.shutdown();
    }
  }
}
