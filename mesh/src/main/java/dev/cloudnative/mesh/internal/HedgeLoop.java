package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.ConcurrencyLimitExceededException;
import dev.cloudnative.mesh.Endpoint;
import dev.cloudnative.mesh.EndpointCall;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshException;
import dev.cloudnative.mesh.MeshRequest;
import dev.cloudnative.mesh.MeshTimeoutException;
import dev.cloudnative.mesh.NoHealthyEndpointException;
import dev.cloudnative.mesh.RetryPolicy;
import dev.cloudnative.mesh.StopReason;
import dev.cloudnative.mesh.UpstreamCallException;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The attempts of one hedged call (gRPC A6 hedging, {@link dev.cloudnative.mesh.HedgePolicy}):
 * every attempt runs on a mesh worker thread while the calling thread coordinates. The first
 * attempt starts at once; whenever the hedge delay passes without an answer, another starts on an
 * endpoint not tried yet, up to the policy's attempts, each counted as an active retry of the
 * shared {@link dev.cloudnative.mesh.RetryBudget} while it runs. A failure the retry policy retries
 * starts the next attempt at once; the first success (or a failure it does not retry) ends the
 * call, and every attempt still running is cancelled: its thread is interrupted (a blocking HTTP
 * send aborts its exchange), its circuit-breaker permission is given back and no outcome is
 * recorded for it. A {@code Function} with a per-try timeout is abandoned (interrupted) by the
 * coordinator when it overruns; an {@link EndpointCall} enforces the budget it is handed.
 *
 * <p>Each attempt records its own outcome on its worker (breaker, Peak-EWMA, statistics, outlier
 * detection, {@code mesh.request.duration}), exactly as {@link AttemptLoop} does, before it hands
 * the outcome to the coordinator, so a call returns after its winner's records. Every way out
 * counts the call under one {@link StopReason}, with the exception {@link AttemptLoop} throws for
 * it. Thread-safe: per-call state lives in a {@link Call} of the calling thread and its {@link
 * Attempt}s.
 */
final class HedgeLoop {

  private final MeshClock clock;
  private final Workers workers;

  HedgeLoop(MeshClock clock, Workers workers) {
    this.clock = clock;
    this.workers = workers;
  }

  /** The state of an attempt, guarded by the attempt's lock. */
  private static final int NEW = 0;

  private static final int RUNNING = 1;
  private static final int FINISHED = 2;
  private static final int CANCELLED = 3;
  private static final int TIMED_OUT = 4;

  /** One attempt of a hedged call, run on a worker. */
  private final class Attempt<T> implements Runnable {
    final Call<T> call;
    final int number;
    final boolean hedge;
    final EndpointRuntime ep;
    final long t0;
    final long budgetNanos;
    final Observation observation;
    private int state = NEW;
    private Thread thread;
    // Written by the worker before it hands the attempt to the coordinator's queue.
    T result;
    Throwable failure;
    int status;
    boolean failed;
    RuntimeException classifierFailure;
    // Whether the coordinator has taken the attempt's outcome; read and written by it only.
    boolean settled;

    Attempt(Call<T> call, int number, boolean hedge, EndpointRuntime ep, long t0, long budget) {
      this.call = call;
      this.number = number;
      this.hedge = hedge;
      this.ep = ep;
      this.t0 = t0;
      this.budgetNanos = budget;
      this.observation =
          call.svc.observations.enabled()
              ? call.svc.observations.startAttempt(
                  call.svc.name, call.subset.name, ep.endpoint, number)
              : null;
    }

    @Override
    public void run() {
      int end;
      synchronized (this) {
        end = state;
        if (end == NEW) {
          state = RUNNING;
          thread = Thread.currentThread();
        }
      }
      if (end == NEW) {
        Observation.Scope scope = observation == null ? null : observation.openScope();
        try {
          result =
              call.endpointCall != null
                  ? call.endpointCall.call(
                      ep.endpoint,
                      budgetNanos == Long.MAX_VALUE ? Duration.ZERO : Duration.ofNanos(budgetNanos))
                  : call.function.apply(ep.endpoint);
        } catch (Throwable t) {
          failure = t;
        } finally {
          if (scope != null) {
            scope.close();
          }
        }
        synchronized (this) {
          end = state == RUNNING ? FINISHED : state;
          state = FINISHED;
          thread = null;
        }
        if (end != FINISHED) {
          // Cancelled or abandoned while running: the interrupt was for this attempt only.
          Thread.interrupted();
        }
      }
      try {
        finish(end);
      } finally {
        ep.inFlight.decrement();
        call.subset.limiter.release();
        if (number > 1) {
          call.svc.activeRetries.decrement();
        }
        if (end == FINISHED) {
          call.done.add(this);
        }
      }
    }

    /** Records what the attempt's end says about its endpoint. */
    private void finish(int end) {
      ServiceRuntime svc = call.svc;
      long t1 = clock.nanoTime();
      if (end == CANCELLED) {
        ep.breaker.releasePermission();
        if (number == 1) {
          // A hedge won: the first attempt took at least this long, which the percentile must see.
          call.delays.record(t1 - t0, t1);
        }
        if (observation != null) {
          MeshObservations.endAttempt(observation, "cancelled", null);
        }
        return;
      }
      if (end == TIMED_OUT) {
        failure = call.perTryTimeout();
        failed = true;
      } else if (OutcomeRecorder.isRefusal(failure)) {
        ep.breaker.releasePermission();
        if (observation != null) {
          MeshObservations.endAttempt(observation, "refused", failure);
        }
        return;
      } else if (failure == null) {
        try {
          status = call.statusOf.applyAsInt(result);
        } catch (RuntimeException | Error e) {
          ep.breaker.releasePermission();
          if (observation != null) {
            MeshObservations.endAttempt(observation, "unknown", e);
          }
          if (e instanceof Error) {
            failure = e;
            failed = true;
          } else {
            classifierFailure = (RuntimeException) e;
          }
          return;
        }
        failed = OutcomeRecorder.isFailureStatus(status);
      } else {
        failed = true;
      }
      OutcomeRecorder.record(svc, ep, failed, status, t1 - t0, t1);
      AttemptOutcome outcome = AttemptOutcome.of(failure, failed);
      if (svc.meters.enabled()) {
        ep.requests(call.subset.slot).record(outcome, t1 - t0);
      }
      if (!failed || number == 1) {
        call.delays.record(t1 - t0, t1);
      }
      if (observation != null) {
        MeshObservations.endAttempt(observation, outcome.tag, failure);
      }
    }

    /**
     * Cancels the attempt unless it has finished; interrupts its thread while it runs.
     *
     * @return whether it was cancelled now (else it had finished, or was cancelled before)
     */
    synchronized boolean cancel(int as) {
      if (state == RUNNING) {
        thread.interrupt();
      }
      if (state == NEW || state == RUNNING) {
        state = as;
        return true;
      }
      return false;
    }
  }

  /** The per-call state, owned by the calling thread. */
  private final class Call<T> {
    final ServiceRuntime svc;
    final SubsetRuntime subset;
    final HedgeRuntime hedging;
    final HedgeDelay delays;
    final MeshRequest request;
    final RetryPolicy retry;
    final long deadline;
    final Function<Endpoint, T> function;
    final EndpointCall<T> endpointCall;
    final ToIntFunction<? super T> statusOf;
    final LinkedBlockingQueue<Attempt<T>> done = new LinkedBlockingQueue<>();
    final Attempt<?>[] attempts;
    final EndpointRuntime[] tried;
    int started;
    int outstanding;

    Call(
        ServiceRuntime svc,
        SubsetRuntime subset,
        MeshRequest request,
        RetryPolicy retry,
        long deadline,
        Function<Endpoint, T> function,
        EndpointCall<T> endpointCall,
        ToIntFunction<? super T> statusOf,
        long now) {
      this.svc = svc;
      this.subset = subset;
      this.hedging = svc.hedging;
      this.delays = hedging.delay(subset, now);
      this.request = request;
      this.retry = retry;
      this.deadline = deadline;
      this.function = function;
      this.endpointCall = endpointCall;
      this.statusOf = statusOf;
      this.attempts = new Attempt<?>[hedging.policy.maxAttempts()];
      this.tried = new EndpointRuntime[attempts.length];
    }

    MeshTimeoutException perTryTimeout() {
      return new MeshTimeoutException(
          svc.name, MeshTimeoutException.Scope.PER_TRY, retry.perTryTimeout());
    }

    /** Cancels every attempt still running and counts the hedges by what became of them. */
    void end(Attempt<T> winner) {
      for (int i = 0; i < started; i++) {
        Attempt<?> a = attempts[i];
        if (a == winner) {
          if (a.hedge) {
            hedging.meters.count(HedgeMeters.Outcome.WON);
          }
        } else if (!a.settled) {
          a.cancel(CANCELLED);
          if (a.hedge) {
            hedging.meters.count(HedgeMeters.Outcome.LOST);
          }
        }
      }
    }
  }

  /** The timer the coordinator waits for. */
  private static final int WAIT_ANSWER = 0;

  private static final int WAIT_HEDGE = 1;
  private static final int WAIT_DEADLINE = 2;
  private static final int WAIT_PER_TRY = 3;

  /**
   * @param deadline the call's deadline ({@link Deadlines#NONE} for none)
   * @param callStart the clock reading at the call's start, or {@link
   *     ServiceRuntime#START_NOT_READ}
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
    long now = clock.nanoTime();
    long started = callStart == ServiceRuntime.START_NOT_READ ? now : callStart;
    if (Deadlines.reached(deadline, now)) {
      throw deadlineExceeded(svc, retry, started);
    }
    Call<T> call =
        new Call<>(svc, subset, request, retry, deadline, function, endpointCall, statusOf, now);
    EndpointRuntime first;
    try {
      first = subset.choose(request, now, null, 0);
    } catch (NoHealthyEndpointException e) {
      svc.stopped(StopReason.NO_HEALTHY_ENDPOINT, started);
      throw e;
    }
    if (!subset.limiter.acquire(Deadlines.remaining(deadline, now))) {
      first.breaker.releasePermission();
      subset.rejections.increment();
      subset.meters.rejected();
      svc.stopped(StopReason.CONCURRENCY_LIMIT_REACHED, started);
      throw new ConcurrencyLimitExceededException(
          svc.name,
          subset.name,
          subset.limiter.limits().maxInFlight(),
          subset.limiter.limits().maxPending());
    }
    long delay = call.delays.delayNanos(now);
    long lastStart = subset.limiter.unlimited() ? now : clock.nanoTime();
    launch(call, first, false, lastStart, started);
    boolean hedging = true;
    boolean budgetRefused = false;
    T lastResult = null;
    Throwable lastFailure = null;
    Endpoint lastEndpoint = null;
    while (true) {
      now = clock.nanoTime();
      boolean canHedge = hedging && call.started < call.attempts.length;
      long wait = Long.MAX_VALUE;
      int event = WAIT_ANSWER;
      if (canHedge) {
        wait = Math.max(0, lastStart + delay - now);
        event = WAIT_HEDGE;
      }
      long left = Deadlines.remaining(deadline, now);
      if (left < wait) {
        wait = Math.max(0, left);
        event = WAIT_DEADLINE;
      }
      Attempt<T> expiring = null;
      if (function != null) {
        for (int i = 0; i < call.started; i++) {
          @SuppressWarnings("unchecked")
          Attempt<T> a = (Attempt<T>) call.attempts[i];
          if (a.budgetNanos != Long.MAX_VALUE && !a.settled) {
            long tryLeft = a.t0 + a.budgetNanos - now;
            if (tryLeft < wait) {
              wait = Math.max(0, tryLeft);
              event = WAIT_PER_TRY;
              expiring = a;
            }
          }
        }
      }
      Attempt<T> a;
      try {
        a = event == WAIT_ANSWER ? call.done.take() : call.done.poll(wait, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        call.end(null);
        Thread.currentThread().interrupt();
        svc.stopped(StopReason.INTERRUPTED, started);
        throw new MeshException(
            svc.name, StopReason.INTERRUPTED, "Interrupted while waiting for hedged attempts", e);
      }
      T result;
      Throwable failure;
      int status;
      boolean failed;
      if (a != null) {
        result = a.result;
        failure = a.failure;
        status = a.status;
        failed = a.failed;
      } else if (event == WAIT_DEADLINE) {
        call.end(null);
        throw deadlineExceeded(svc, retry, started);
      } else if (event == WAIT_HEDGE) {
        if (tryLaunch(call, true, started)) {
          lastStart = clock.nanoTime();
          delay = call.delays.delayNanos(lastStart);
        } else {
          hedging = false;
        }
        continue;
      } else {
        // A Function overran its per-try budget: abandoned (the worker records the timeout).
        if (!expiring.cancel(TIMED_OUT)) {
          continue; // it answered just now: its answer is in the queue
        }
        a = expiring;
        result = null;
        failure = call.perTryTimeout();
        status = 0;
        failed = true;
      }
      a.settled = true;
      call.outstanding--;
      if (OutcomeRecorder.isRefusal(failure)) {
        call.end(null);
        if (lastFailure != null) {
          failure.addSuppressed(lastFailure);
        }
        svc.stopped(StopReason.REFUSED, started);
        throw (RuntimeException) failure;
      }
      if (a.classifierFailure != null) {
        call.end(null);
        svc.stopped(StopReason.CLASSIFIER_FAILED, started);
        throw a.classifierFailure;
      }
      if (!failed) {
        call.end(a);
        svc.stoppedAt(StopReason.SUCCEEDED, started, clock.nanoTime());
        return result;
      }
      if (a.hedge) {
        call.hedging.meters.count(HedgeMeters.Outcome.FAILED);
      }
      if (failure instanceof Error) {
        call.end(null);
        svc.stopped(StopReason.ERROR, started);
        throw (Error) failure;
      }
      lastResult = result;
      lastFailure = failure;
      lastEndpoint = a.ep.endpoint;
      boolean retryable =
          failure != null ? retry.retriesOn(failure) : retry.retriesOnStatus(status);
      if (!retryable) {
        call.end(null);
        return stop(
            svc, StopReason.NOT_RETRYABLE, call, lastEndpoint, lastResult, failure, started);
      }
      if (call.started < call.attempts.length && !budgetRefused) {
        // A non-fatal failure: the next attempt starts now, not after the delay (A6).
        if (!retry.budget().allows(svc.activeRetryCount(), svc.activeRequestCount())) {
          budgetRefused = true;
          svc.meters.budgetRefused();
        } else if (tryLaunch(call, false, started)) {
          svc.meters.retried(AttemptOutcome.of(failure, true));
          lastStart = clock.nanoTime();
          delay = call.delays.delayNanos(lastStart);
        }
      }
      if (call.outstanding == 0) {
        StopReason why =
            budgetRefused
                ? StopReason.RETRY_BUDGET_EXHAUSTED
                : call.started >= call.attempts.length
                    ? StopReason.ATTEMPTS_EXHAUSTED
                    : StopReason.NO_HEALTHY_ENDPOINT;
        call.end(null);
        return stop(svc, why, call, lastEndpoint, lastResult, lastFailure, started);
      }
    }
  }

  private static MeshTimeoutException deadlineExceeded(
      ServiceRuntime svc, RetryPolicy retry, long callStart) {
    svc.stopped(StopReason.DEADLINE_EXCEEDED, callStart);
    return new MeshTimeoutException(
        svc.name,
        MeshTimeoutException.Scope.OVERALL,
        retry.overallTimeout(),
        StopReason.DEADLINE_EXCEEDED,
        null);
  }

  /**
   * Picks an endpoint not tried yet, admits it without waiting and launches an attempt on it.
   *
   * @param hedge whether the delay started it (else a failure did)
   * @return whether an attempt started
   */
  private <T> boolean tryLaunch(Call<T> call, boolean hedge, long callStart) {
    ServiceRuntime svc = call.svc;
    if (hedge && !call.retry.budget().allows(svc.activeRetryCount(), svc.activeRequestCount())) {
      call.hedging.meters.count(HedgeMeters.Outcome.REFUSED);
      svc.meters.budgetRefused();
      return false;
    }
    long now = clock.nanoTime();
    EndpointRuntime ep;
    try {
      ep = call.subset.choose(call.request, now, call.tried, call.started);
    } catch (NoHealthyEndpointException e) {
      if (hedge) {
        call.hedging.meters.count(HedgeMeters.Outcome.REFUSED);
      }
      return false;
    }
    if (!call.subset.limiter.acquire(0)) {
      ep.breaker.releasePermission();
      if (hedge) {
        call.hedging.meters.count(HedgeMeters.Outcome.REFUSED);
      }
      return false;
    }
    launch(call, ep, hedge, now, callStart);
    return true;
  }

  /** Starts an attempt on {@code ep}, which holds its breaker permission and a limiter slot. */
  private <T> void launch(
      Call<T> call, EndpointRuntime ep, boolean hedge, long t0, long callStart) {
    ServiceRuntime svc = call.svc;
    int number = call.started + 1;
    if (number > 1) {
      // ServiceStats counts every attempt beyond the first; mesh.retries only those a failure
      // started.
      svc.retries.increment();
      svc.activeRetries.increment();
    }
    ep.inFlight.increment();
    long perTry = call.retry.perTryTimeout().toNanos();
    long remaining = Deadlines.remaining(call.deadline, t0);
    long budget = perTry > 0 ? Math.min(perTry, remaining) : remaining;
    Attempt<T> attempt = new Attempt<>(call, number, hedge, ep, t0, budget);
    call.attempts[call.started] = attempt;
    call.tried[call.started] = ep;
    call.started++;
    call.outstanding++;
    try {
      workers.get().execute(attempt);
    } catch (MeshClosedException | RejectedExecutionException e) {
      // No worker: the attempt never ran. Undo it and end the call as refused.
      call.started--;
      call.outstanding--;
      call.attempts[call.started] = null;
      ep.inFlight.decrement();
      call.subset.limiter.release();
      ep.breaker.releasePermission();
      if (number > 1) {
        svc.activeRetries.decrement();
      }
      if (attempt.observation != null) {
        MeshObservations.endAttempt(attempt.observation, "refused", e);
      }
      call.end(null);
      svc.stopped(StopReason.REFUSED, callStart);
      throw e instanceof MeshClosedException ? (MeshClosedException) e : new MeshClosedException();
    }
  }

  /**
   * The end of a hedged call that failed: a 5xx result is returned as is, a timeout reported as a
   * {@link MeshTimeoutException}, any other failure as an {@link UpstreamCallException}, each with
   * {@code stop}; as {@link AttemptLoop} ends a call.
   */
  private static <T> T stop(
      ServiceRuntime svc,
      StopReason stop,
      Call<T> call,
      Endpoint endpoint,
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
    throw new UpstreamCallException(svc.name, endpoint, call.started, stop, failure);
  }
}
