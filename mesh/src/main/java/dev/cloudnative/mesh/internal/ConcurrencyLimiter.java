package dev.cloudnative.mesh.internal;

import dev.cloudnative.mesh.ConcurrencyLimits;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Envoy-style admission control of a subset: a compare-and-set on the in-flight count admits or
 * rejects at once; only when the subset is full and pending slots remain does a caller queue, on a
 * lock and condition, for a bounded wait. Unlimited limits skip all counting. Waiting uses real
 * time (it is a real wait), not the mesh clock. Thread-safe.
 */
final class ConcurrencyLimiter {

  private final ConcurrencyLimits limits;
  private final boolean unlimited;
  private final long maxWaitNanos;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition freed = lock.newCondition();
  private volatile int waiting;

  ConcurrencyLimiter(ConcurrencyLimits limits) {
    this.limits = limits;
    this.unlimited = limits.maxInFlight() == Integer.MAX_VALUE;
    this.maxWaitNanos = limits.maxPendingWait().toNanos();
  }

  boolean unlimited() {
    return unlimited;
  }

  ConcurrencyLimits limits() {
    return limits;
  }

  /**
   * @param remainingNanos time left before the call's deadline
   * @return whether the call may proceed; a {@code true} must be paired with {@link #release()}
   */
  boolean acquire(long remainingNanos) {
    if (unlimited || tryAcquire()) {
      return true;
    }
    if (limits.maxPending() == 0) {
      return false;
    }
    lock.lock();
    try {
      if (waiting >= limits.maxPending()) {
        return false;
      }
      waiting++;
      try {
        long wait = Math.min(maxWaitNanos, remainingNanos);
        while (!tryAcquire()) {
          if (wait <= 0) {
            return false;
          }
          wait = freed.awaitNanos(wait);
        }
        return true;
      } catch (InterruptedException e) {
        // Keep the interrupt for the caller; the call is rejected like any other that could not get
        // a slot.
        Thread.currentThread().interrupt();
        return false;
      } finally {
        waiting--;
      }
    } finally {
      lock.unlock();
    }
  }

  void release() {
    if (unlimited) {
      return;
    }
    inFlight.decrementAndGet();
    if (waiting > 0) {
      lock.lock();
      try {
        freed.signal();
      } finally {
        lock.unlock();
      }
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  private boolean tryAcquire() {
    int current;
    do {
      current = inFlight.get();
      if (current >= limits.maxInFlight()) {
        return false;
      }
    } while (!inFlight.compareAndSet(current, current + 1));
    return true;
  }
}
