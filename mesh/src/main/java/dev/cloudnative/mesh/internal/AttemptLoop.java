package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.ConcurrencyLimitExceededException;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointCall;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.MeshTimeoutException;
import dev.cloudnative.mesh.NoHealthyEndpointException;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.StopReason;
import dev.cloudnative.mesh.UpstreamCallException;
import io.micrometer.observation.Observation;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attempts of one call within its resolved subset, each in named steps: check the deadline,
 * pick an endpoint (which takes its circuit-breaker permission; retries avoid endpoints already
 * tried), admit it through the subset's concurrency limiter, run the attempt within its time
 * budget, classify and record the outcome, and decide on a retry ({@link RetryDecision}), backing
 * off before the next attempt. Every way out counts the call under its {@link StopReason} and ends
 * it with the exception that reason documents; a 5xx result that is not retried is returned as is,
 * as a proxy returns the last upstream response.
 *
 * <p>The state of the loop (attempt number, endpoints tried, last outcome) stays in locals, so a
 * call allocates nothing here unless it retries (the array of tried endpoints) or fails.
 * Thread-safe: it holds no per-call state.
 */
final class AttemptLoop {

  private static final Logger LOG = LoggerFactory.getLogger(AttemptLoop.class);

  private final MeshClock clock;
  private final AttemptRunner runner;

  AttemptLoop(MeshClock clock, AttemptRunner runner) {
    this.clock = clock;
    this.runner = runner;
  }

  /**
   * @param deadline the call's deadline ({@link Deadlines#NONE} for none)
   * @param callStart the clock reading at the call's start, for its duration
   */
  <T> T run(
      ServiceRuntime svc,
      SubsetRuntime subset,
      MeshRequest request,
      RetryPolicy retry,
      long deadline,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      ToIntFunction<? super T> statusOf,
      long callStart) {
    long started = callStart;
    EndpointRuntime[] tried = null;
    T lastResult = null;
    Throwable lastFailure = null;
    Endpoint lastEndpoint = null;
    int attempt = 0;
    while (true) {
      attempt++;
      long now = clock.nanoTime();
      if (started == ServiceRuntime.START_NOT_READ) {
        started = now;
      }
      if (Deadlines.reached(deadline, now)) {
        svc.stopped(StopReason.DEADLINE_EXCEEDED, started);
        throw new MeshTimeoutException(
            svc.name,
            MeshTimeoutException.Scope.OVERALL,
            retry.overallTimeout(),
            StopReason.DEADLINE_EXCEEDED,
            null);
      }
      EndpointRuntime ep;
      if (attempt == 1) {
        ep = pickFirst(svc, subset, request, now, started);
      } else {
        try {
          ep = subset.choose(request, now, tried, attempt - 1);
        } catch (NoHealthyEndpointException e) {
          return noEndpointLeft(
              svc, e, attempt - 1, lastEndpoint, lastResult, lastFailure, started);
        }
      }
      admit(svc, subset, ep, deadline, now, started);
      Endpoint endpoint = ep.endpoint;
      // Choosing takes nanoseconds, so the attempt's clock starts with the loop's reading, unless
      // admission may have queued the call for a pending slot.
      long t0 = subset.limiter.unlimited() ? now : clock.nanoTime();
      T result = null;
      Throwable failure = null;
      Observation observation =
          svc.observations.enabled()
              ? svc.observations.startAttempt(svc.name, subset.name, endpoint, attempt)
              : null;
      try {
        result =
            attempt(
                svc,
                subset,
                ep,
                endpoint,
                attempt > 1,
                retry,
                deadline,
                t0,
                function,
                endpointCall,
                observation);
      } catch (Throwable t) {
        failure = t;
      }
      if (OutcomeRecorder.isRefusal(failure)) {
        if (observation != null) {
          MeshObservations.endAttempt(observation, "refused", failure);
        }
        throw refused(svc, ep, (RuntimeException) failure, lastFailure, started);
      }
      long t1 = clock.nanoTime();
      int status = failure == null ? status(svc, ep, statusOf, result, observation, started) : 0;
      boolean failed = failure != null || OutcomeRecorder.isFailureStatus(status);
      OutcomeRecorder.record(svc, ep, failed, status, t1 - t0, t1);
      AttemptOutcome outcome = AttemptOutcome.of(failure, failed);
      if (svc.meters.enabled()) {
        ep.requests(subset.slot).record(outcome, t1 - t0);
      }
      if (observation != null) {
        MeshObservations.endAttempt(observation, outcome.tag, failure);
      }
      if (!failed) {
        svc.stoppedAt(StopReason.SUCCEEDED, started, t1);
        return result;
      }
      if (failure instanceof Error) {
        svc.stoppedAt(StopReason.ERROR, started, t1);
        throw (Error) failure;
      }
      StopReason stop = RetryDecision.stopOrNull(retry, svc, attempt, failure, status);
      if (stop == StopReason.RETRY_BUDGET_EXHAUSTED) {
        svc.meters.budgetRefused();
      }
      long backoff = 0;
      if (stop == null) {
        backoff = RetryDecision.backoffNanos(retry, attempt);
        if (RetryDecision.backoffPassesDeadline(deadline, t1, backoff)) {
          stop = StopReason.DEADLINE_EXCEEDED;
        }
      }
      if (stop != null) {
        return stop(svc, stop, endpoint, attempt, result, failure, started);
      }
      lastResult = result;
      lastFailure = failure;
      lastEndpoint = endpoint;
      if (tried == null) {
        tried = new EndpointRuntime[retry.maxAttempts()];
      }
      tried[attempt - 1] = ep;
      svc.meters.retried(outcome);
      LOG.debug(
          "Retrying call to {} after failure on {} (attempt {})", svc.name, endpoint.id(), attempt);
      if (backoff > 0) {
        Pauses.sleep(svc, backoff, "backing off before a retry", started);
      }
    }
  }

  /** Step: the first attempt's endpoint; a subset that has none ends the call. */
  private static EndpointRuntime pickFirst(
      ServiceRuntime svc, SubsetRuntime subset, MeshRequest request, long now, long callStart) {
    try {
      return subset.choose(request, now, null, 0);
    } catch (NoHealthyEndpointException e) {
      svc.stopped(StopReason.NO_HEALTHY_ENDPOINT, callStart);
      throw e;
    }
  }

  /**
   * Step: a retry found no endpoint. The previous attempt's outcome is more useful to the caller
   * than the empty subset: its 5xx result is returned, its exception reported with why no retry was
   * made.
   */
  private static <T> T noEndpointLeft(
      ServiceRuntime svc,
      NoHealthyEndpointException noneLeft,
      int attempts,
      Endpoint lastEndpoint,
      T lastResult,
      Throwable lastFailure,
      long callStart) {
    svc.stopped(StopReason.NO_HEALTHY_ENDPOINT, callStart);
    if (lastFailure == null) {
      return lastResult;
    }
    throw new UpstreamCallException(svc.name, lastEndpoint, attempts, noneLeft, lastFailure);
  }

  /**
   * Step: admission through the subset's concurrency limiter, waiting for a pending slot no longer
   * than the deadline allows. A rejection gives the endpoint's breaker permission back: nothing was
   * sent.
   */
  private static void admit(
      ServiceRuntime svc,
      SubsetRuntime subset,
      EndpointRuntime ep,
      long deadline,
      long now,
      long callStart) {
    if (!subset.limiter.acquire(Deadlines.remaining(deadline, now))) {
      ep.breaker.releasePermission();
      subset.rejections.increment();
      subset.meters.rejected();
      svc.stopped(StopReason.CONCURRENCY_LIMIT_REACHED, callStart);
      throw new ConcurrencyLimitExceededException(
          svc.name,
          subset.name,
          subset.limiter.limits().maxInFlight(),
          subset.limiter.limits().maxPending());
    }
  }

  /**
   * Step: one attempt, counted in flight (for least-request balancing and statistics) and, when it
   * is a retry, against the retry budget while it runs; the limiter slot is given back after it.
   */
  private <T> T attempt(
      ServiceRuntime svc,
      SubsetRuntime subset,
      EndpointRuntime ep,
      Endpoint endpoint,
      boolean isRetry,
      RetryPolicy retry,
      long deadline,
      long t0,
      Function<Endpoint, T> function,
      EndpointCall<T> endpointCall,
      Observation observation)
      throws Exception {
    if (isRetry) {
      svc.retries.increment();
      svc.activeRetries.increment();
    }
    ep.inFlight.increment();
    // The attempt runs in its observation's scope, so that the transport's own observation is its
    // child.
    Observation.Scope scope = observation == null ? null : observation.openScope();
    try {
      return runner.run(svc.name, endpoint, retry, deadline, t0, function, endpointCall);
    } finally {
      if (scope != null) {
        scope.close();
      }
      ep.inFlight.decrement();
      subset.limiter.release();
      if (isRetry) {
        svc.activeRetries.decrement();
      }
    }
  }

  /**
   * Step: a refusal before sending ends the call unchanged: no outcome to record, and no other
   * endpoint or retry would change it. The failure that caused a retry stays attached.
   */
  private static RuntimeException refused(
      ServiceRuntime svc,
      EndpointRuntime ep,
      RuntimeException refusal,
      Throwable lastFailure,
      long callStart) {
    ep.breaker.releasePermission();
    if (lastFailure != null) {
      refusal.addSuppressed(lastFailure);
    }
    svc.stopped(StopReason.REFUSED, callStart);
    return refusal;
  }

  /**
   * Step: the caller's classification of a result. Should it throw, the attempt's outcome is
   * unknown: the endpoint's permission is given back, nothing is recorded, and the exception ends
   * the call unchanged.
   */
  private static <T> int status(
      ServiceRuntime svc,
      EndpointRuntime ep,
      ToIntFunction<? super T> statusOf,
      T result,
      Observation observation,
      long callStart) {
    try {
      return statusOf.applyAsInt(result);
    } catch (RuntimeException | Error e) {
      ep.breaker.releasePermission();
      if (observation != null) {
        MeshObservations.endAttempt(observation, "unknown", e);
      }
      svc.stopped(StopReason.CLASSIFIER_FAILED, callStart);
      throw e;
    }
  }

  /**
   * Step: the end of a call that failed and may not retry. A 5xx result is returned as is; an
   * attempt's timeout is reported as a {@link MeshTimeoutException} (with the attempt's own as its
   * cause) so the caller sees which timeout ran out; any other failure as an {@link
   * UpstreamCallException}. Each carries {@code stop}.
   */
  private static <T> T stop(
      ServiceRuntime svc,
      StopReason stop,
      Endpoint endpoint,
      int attempts,
      T result,
      Throwable failure,
      long callStart) {
    svc.stopped(stop, callStart);
    if (failure == null) {
      return result;
    }
    if (failure instanceof MeshTimeoutException) {
      MeshTimeoutException timeout = (MeshTimeoutException) failure;
      throw new MeshTimeoutException(
          timeout.service(), timeout.scope(), timeout.timeout(), stop, timeout);
    }
    throw new UpstreamCallException(svc.name, endpoint, attempts, stop, failure);
  }
}
