package dev.cloudnative.mesh.circuitbreaker;

import dev.cloudnative.mesh.CircuitBreaker;
import dev.cloudnative.mesh.CircuitBreakerConfig;
import dev.cloudnative.mesh.CircuitBreakerMetrics;
import dev.cloudnative.mesh.CircuitState;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.SlidingWindowType;
import dev.cloudnative.mesh.event.CircuitStateTransitionEvent;
import dev.cloudnative.mesh.event.MeshEventListener;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resilience4j's circuit-breaker state machine without locks or per-call allocation.
 *
 * <p>Each state is an immutable-identity object (CLOSED holds its sliding window, OPEN its
 * deadline, HALF_OPEN its permits and trial window) published through one volatile field. A
 * transition builds the next state object and installs it with a compare-and-set, so exactly one
 * thread performs (and announces) each transition; only transitions allocate. In CLOSED, acquiring
 * a permission is one volatile read; recording a fast success into a count window that holds only
 * fast successes is one more (the window's clean flag), and anything else one atomic exchange in
 * the window (plus a striped add when the outcome changes the window's totals) followed, when the
 * outcome may have raised a rate, by a threshold check on the totals: threads recording at once
 * write no shared cache line (see {@link CountWindow}; a time-based window is striped likewise,
 * {@link TimeWindow}). The clock is read only where time matters (OPEN's deadline, time-based
 * windows).
 *
 * <p>Thread-safe.
 */
public final class SlidingWindowCircuitBreaker implements CircuitBreaker {

  private static final Logger LOG = LoggerFactory.getLogger(SlidingWindowCircuitBreaker.class);
  private static final VarHandle STATE;

  static {
    try {
      STATE =
          MethodHandles.lookup()
              .findVarHandle(SlidingWindowCircuitBreaker.class, "state", State.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String name;
  private final String service;
  private final String subset;
  private final CircuitBreakerConfig config;
  private final MeshClock clock;
  private final MeshEventListener listener;
  private final boolean timeBased;
  private final long slowNanos;
  private final long waitNanos;
  private final LongAdder notPermitted = new LongAdder();

  @SuppressWarnings("unused") // accessed through STATE
  private volatile State state;

  public SlidingWindowCircuitBreaker(
      String name,
      String service,
      String subset,
      CircuitBreakerConfig config,
      MeshClock clock,
      MeshEventListener listener) {
    this.name = Objects.requireNonNull(name, "name");
    this.service = Objects.requireNonNull(service, "service");
    this.subset = Objects.requireNonNull(subset, "subset");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.timeBased = config.slidingWindowType() == SlidingWindowType.TIME_BASED;
    this.slowNanos = config.slowCallDurationThreshold().toNanos();
    this.waitNanos = config.waitDurationInOpenState().toNanos();
    this.state = newClosed();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CircuitBreakerConfig config() {
    return config;
  }

  @Override
  public boolean tryAcquirePermission() {
    while (true) {
      State current = state;
      switch (current.kind) {
        case CLOSED:
          return true;
        case OPEN:
          {
            Open open = (Open) current;
            if (clock.nanoTime() - open.until < 0) {
              notPermitted.increment();
              return false;
            }
            transition(current, new HalfOpen(config.permittedNumberOfCallsInHalfOpenState()));
            continue;
          }
        default:
          {
            AtomicInteger permits = ((HalfOpen) current).permits;
            int left = permits.get();
            while (left > 0) {
              if (permits.compareAndSet(left, left - 1)) {
                return true;
              }
              left = permits.get();
            }
            notPermitted.increment();
            return false;
          }
      }
    }
  }

  @Override
  public void releasePermission() {
    State current = state;
    if (current.kind == CircuitState.HALF_OPEN) {
      ((HalfOpen) current).permits.incrementAndGet();
    }
  }

  @Override
  public void onSuccess(long durationNanos) {
    record(false, durationNanos >= slowNanos);
  }

  @Override
  public void onError(long durationNanos) {
    record(true, durationNanos >= slowNanos);
  }

  private void record(boolean failure, boolean slow) {
    State current = state;
    if (current.kind == CircuitState.CLOSED) {
      long now = timeBased ? clock.nanoTime() : 0L;
      long totals = ((Closed) current).window.record(now, failure, slow);
      if (exceeded(totals, config.minimumNumberOfCalls())) {
        transition(current, new Open(clock.nanoTime() + waitNanos));
      }
    } else if (current.kind == CircuitState.HALF_OPEN) {
      long totals = ((HalfOpen) current).trial.record(0L, failure, slow);
      int permitted = config.permittedNumberOfCallsInHalfOpenState();
      if (WindowCounts.calls(totals) >= permitted && WindowCounts.consistent(totals)) {
        State next =
            exceeded(totals, permitted) ? new Open(clock.nanoTime() + waitNanos) : newClosed();
        transition(current, next);
      }
    }
    // OPEN: outcomes of calls admitted before the circuit opened do not change an open circuit.
  }

  private boolean exceeded(long totals, int minimumCalls) {
    int calls = WindowCounts.calls(totals);
    if (calls < minimumCalls || !WindowCounts.consistent(totals)) {
      return false;
    }
    float failureRate = WindowCounts.failures(totals) * 100f / calls;
    float slowRate = WindowCounts.slow(totals) * 100f / calls;
    return failureRate >= config.failureRateThreshold()
        || slowRate >= config.slowCallRateThreshold();
  }

  private void transition(State from, State to) {
    if (STATE.compareAndSet(this, from, to)) {
      LOG.debug("Circuit breaker {} ({}/{}) {} -> {}", name, service, subset, from.kind, to.kind);
      try {
        listener.onEvent(
            new CircuitStateTransitionEvent(
                name, service, subset, from.kind, to.kind, clock.nanoTime()));
      } catch (RuntimeException e) {
        LOG.warn(
            "Mesh event listener failed on circuit breaker {} transition {} -> {}",
            name,
            from.kind,
            to.kind,
            e);
      }
    }
  }

  @Override
  public CircuitState state() {
    return state.kind;
  }

  @Override
  public long openUntilNanos() {
    State current = state;
    return current.kind == CircuitState.OPEN ? ((Open) current).until : Long.MIN_VALUE;
  }

  @Override
  public CircuitBreakerMetrics metrics() {
    State current = state;
    long totals;
    int minimum;
    switch (current.kind) {
      case CLOSED:
        totals = ((Closed) current).window.totals(clock.nanoTime());
        minimum = config.minimumNumberOfCalls();
        break;
      case HALF_OPEN:
        totals = ((HalfOpen) current).trial.totals(0L);
        minimum = config.permittedNumberOfCallsInHalfOpenState();
        break;
      default:
        totals = 0L;
        minimum = Integer.MAX_VALUE;
    }
    int calls = WindowCounts.calls(totals);
    int failures = WindowCounts.failures(totals);
    int slow = WindowCounts.slow(totals);
    boolean enough = calls >= minimum && calls > 0;
    return new CircuitBreakerMetrics(
        current.kind,
        calls,
        failures,
        slow,
        enough ? failures * 100f / calls : -1f,
        enough ? slow * 100f / calls : -1f,
        notPermitted.sum());
  }

  @Override
  public void reset() {
    State current = state;
    if (current.kind != CircuitState.CLOSED) {
      transition(current, newClosed());
    } else {
      STATE.compareAndSet(this, current, newClosed());
    }
  }

  private Closed newClosed() {
    OutcomeWindow window =
        timeBased
            ? new TimeWindow(
                config.slidingWindowSize(), clock.nanoTime(), config.minimumNumberOfCalls())
            : new CountWindow(config.slidingWindowSize());
    return new Closed(window);
  }

  @Override
  public String toString() {
    return "CircuitBreaker[" + name + ", " + state.kind + "]";
  }

  private abstract static class State {
    final CircuitState kind;

    State(CircuitState kind) {
      this.kind = kind;
    }
  }

  private static final class Closed extends State {
    final OutcomeWindow window;

    Closed(OutcomeWindow window) {
      super(CircuitState.CLOSED);
      this.window = window;
    }
  }

  private static final class Open extends State {
    final long until;

    Open(long until) {
      super(CircuitState.OPEN);
      this.until = until;
    }
  }

  private static final class HalfOpen extends State {
    final AtomicInteger permits;
    final CountWindow trial;

    HalfOpen(int permitted) {
      super(CircuitState.HALF_OPEN);
      this.permits = new AtomicInteger(permitted);
      // In strict order: the trial decides once exactly `permitted` outcomes are in.
      this.trial = new CountWindow(permitted, 1);
    }
  }
}
