package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.AdaptiveLimitExceededException;
import dev.cloudnative.mesh.CallNotPermittedException;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointCall;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.NotEndpointFault;
import dev.cloudnative.mesh.RetryOn;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.StopReason;
import dev.cloudnative.mesh.circuitbreaker.SlidingWindowCircuitBreaker;
import io.micrometer.observation.Observation;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * One call from end to end, around its attempts: counts it, fixes its deadline, asks the
 * service-level circuit breaker (which sees the call as a whole, not its attempts), counts it as
 * active for the retry budget, resolves its route and subset ({@link RouteResolver}), runs its
 * attempts ({@link AttemptLoop}, or {@link HedgeLoop} for an idempotent call of a service whose
 * policy hedges), and reports the call's outcome to the service breaker. Each step that ends the
 * call counts it under its {@link StopReason} (and, with meters, records its duration). With a real
 * observation registry the call runs inside a {@code mesh.call} observation whose scope its
 * attempts' observations nest in; with the no-op registry that costs one branch. Thread-safe: it
 * holds no per-call state.
 */
final class CallExecutor {

  private final MeshClock clock;
  private final RouteResolver routes;
  private final AttemptLoop attempts;
  private final HedgeLoop hedges;

  CallExecutor(MeshClock clock, RouteResolver routes, AttemptLoop attempts, HedgeLoop hedges) {
    this.clock = clock;
    this.routes = routes;
    this.attempts = attempts;
    this.hedges = hedges;
  }

  <T> T execute(
      ServiceRuntime svc,
      MeshRequest request,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      ToIntFunction<? super T> statusOf) {
    if (!svc.observations.enabled()) {
      return svc.adaptive == null
          ? executeUnobserved(svc, request, function, endpointCall, statusOf)
          : executeLimited(svc, request, function, endpointCall, statusOf);
    }
    Observation observation = svc.observations.startCall(svc.name);
    try (Observation.Scope scope = observation.openScope()) {
      return svc.adaptive == null
          ? executeUnobserved(svc, request, function, endpointCall, statusOf)
          : executeLimited(svc, request, function, endpointCall, statusOf);
    } catch (RuntimeException | Error e) {
      observation.error(e);
      throw e;
    } finally {
      observation.stop();
    }
  }

  /**
   * A call of a service with an adaptive concurrency limit: admitted or shed at once, and its
   * round-trip time (admission to end) taught to the limit when it ends. A timeout or a 429 or 503
   * is an overload signal (a drop); any other failure teaches nothing, nor does a 5xx other than
   * 503, so that fast failures cannot make the service look fast. The status function is called
   * once more on the result for this.
   */
  private <T> T executeLimited(
      ServiceRuntime svc,
      MeshRequest request,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      ToIntFunction<? super T> statusOf) {
    AdaptiveLimiter limiter = svc.adaptive;
    long start = clock.nanoTime();
    int admittedWith = limiter.tryAcquire();
    if (admittedWith == 0) {
      svc.calls.increment();
      svc.adaptiveMeters.shed();
      svc.stopped(StopReason.CONCURRENCY_LIMIT_REACHED, start);
      throw new AdaptiveLimitExceededException(svc.name, limiter.limit(), limiter.inFlight());
    }
    AdaptiveLimiter.Sample sample = AdaptiveLimiter.Sample.IGNORE;
    try {
      T result = executeUnobserved(svc, request, function, endpointCall, statusOf);
      sample = sampleOf(result, statusOf);
      return result;
    } catch (RuntimeException e) {
      if (RetryPolicy.classify(e).filter(c -> c == RetryOn.TIMEOUT).isPresent()) {
        sample = AdaptiveLimiter.Sample.DROP;
      }
      throw e;
    } finally {
      long end = clock.nanoTime();
      limiter.release(sample, end - start, admittedWith, end);
    }
  }

  private static <T> AdaptiveLimiter.Sample sampleOf(T result, ToIntFunction<? super T> statusOf) {
    int status;
    try {
      status = statusOf.applyAsInt(result);
    } catch (RuntimeException e) {
      return AdaptiveLimiter.Sample.IGNORE; // the call returned: its classification is the caller's
    }
    if (status == 429 || status == 503) {
      return AdaptiveLimiter.Sample.DROP;
    }
    return status >= 500 && status <= 599
        ? AdaptiveLimiter.Sample.IGNORE
        : AdaptiveLimiter.Sample.RTT;
  }

  private <T> T executeUnobserved(
      ServiceRuntime svc,
      MeshRequest request,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      ToIntFunction<? super T> statusOf) {
    svc.calls.increment();
    RetryPolicy retry = svc.policy.retry();
    long overall = retry.overallTimeout().toNanos();
    SlidingWindowCircuitBreaker serviceBreaker = svc.serviceBreaker;
    // The clock is read here only when something needs the call's start time. Meters alone need it
    // only when a route table may delay the call (a fault) before its first attempt; otherwise the
    // first attempt's reading is the call's start (ServiceRuntime.START_NOT_READ).
    long start =
        overall > 0 || serviceBreaker != null || (svc.meters.enabled() && svc.routes != null)
            ? clock.nanoTime()
            : ServiceRuntime.START_NOT_READ;
    long deadline = Deadlines.of(start, overall);
    if (serviceBreaker != null && !serviceBreaker.tryAcquirePermission()) {
      svc.rejections.increment();
      svc.stopped(StopReason.CIRCUIT_OPEN, start);
      throw new CallNotPermittedException(svc.name, serviceBreaker.state());
    }
    // Only a call that may retry or hedge takes part in the budget's share of active requests.
    boolean hedged = svc.hedging != null && request.idempotent();
    boolean budgeted = hedged || retry.maxAttempts() > 1;
    if (budgeted) {
      svc.activeRequests.increment();
    }
    boolean success = false;
    boolean refused = false;
    try {
      SubsetRuntime subset = routes.resolve(svc, request, function, endpointCall, statusOf, start);
      T result =
          hedged
              ? hedges.run(
                  svc, subset, request, retry, deadline, function, endpointCall, statusOf, start)
              : attempts.run(
                  svc, subset, request, retry, deadline, function, endpointCall, statusOf, start);
      success = true;
      return result;
    } catch (RuntimeException e) {
      refused = e instanceof NotEndpointFault;
      throw e;
    } finally {
      if (budgeted) {
        svc.activeRequests.decrement();
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
          svc.serviceBreakerMeters.recorded(!success);
        }
      }
    }
  }
}
