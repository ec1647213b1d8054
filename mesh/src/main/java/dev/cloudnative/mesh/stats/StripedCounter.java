package dev.cloudnative.mesh.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A counter that several threads add to without writing a common cache line, for the per-endpoint
 * and per-service figures every call changes.
 *
 * <p>Why not {@link java.util.concurrent.atomic.LongAdder}: an adder adds to one base field until
 * two threads collide on it in the same instant, and only then spreads over cells. Threads that
 * take turns on a counter, as callers spread by a balancer over many endpoints do, rarely collide
 * at once, so the adder stays on its base field and its cache line moves between the cores on
 * almost every add; a two-thread {@code mesh.call} over 100 endpoints paid that for each of its
 * counters. Here a thread's id always picks its cell (one of {@value #STRIPES}), so a thread keeps
 * writing its own line whether or not another thread is adding at that moment.
 *
 * <p>Memory: a cell (padded to 128 bytes on either side of its value, adjacent-line prefetch
 * included) is created on its stripe's first add, so a counter that two threads use holds two
 * cells, not {@value #STRIPES}, and one that is never added to holds none. Two threads whose ids
 * map to one stripe share its cell: its adds are atomic, so the sum stays exact.
 *
 * <p>{@link #sum()} adds the cells; it is exact when no add is in progress and otherwise a value
 * the counter held during the call. {@link #sumThenReset()} takes each cell's value atomically, so
 * an add that races with it is counted in this sum or the next, never lost.
 *
 * <p>Thread-safe; lock-free; no allocation after a stripe's first add.
 */
public final class StripedCounter {

  /** Cells; a power of two. */
  static final int STRIPES = 16;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private static final VarHandle ACTIVE;

  static {
    try {
      ACTIVE = MethodHandles.lookup().findVarHandle(StripedCounter.class, "active", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final AtomicReferenceArray<Cell> cells = new AtomicReferenceArray<>(STRIPES);

  // Bit i set once stripe i has a cell: reads visit only those (one or two, usually), so a
  // balancer reading two in-flight counts per pick does not walk sixteen empty slots.
  @SuppressWarnings("unused") // accessed through ACTIVE
  private volatile int active;

  /** Adds one. */
  public void increment() {
    cell().add(1L);
  }

  /** Subtracts one. */
  public void decrement() {
    cell().add(-1L);
  }

  /** Adds {@code delta} (which may be negative). */
  public void add(long delta) {
    cell().add(delta);
  }

  /** The sum of the cells. */
  public long sum() {
    long sum = 0L;
    // A cell's bit is set after the cell is stored and before its first add, so a set bit always
    // finds its cell, and an add this misses was concurrent with the call (or with the creation
    // of the cell it went to), and is counted by the next.
    for (int m = active; m != 0; m &= m - 1) {
      sum += cells.get(Integer.numberOfTrailingZeros(m)).value;
    }
    return sum;
  }

  /** The sum of the cells, each taken and set to zero atomically. */
  public long sumThenReset() {
    long sum = 0L;
    for (int m = active; m != 0; m &= m - 1) {
      sum += cells.get(Integer.numberOfTrailingZeros(m)).takeAll();
    }
    return sum;
  }

  @Override
  public String toString() {
    return Long.toString(sum());
  }

  private Cell cell() {
    int stripe = stripeOfCurrentThread();
    Cell c = cells.get(stripe);
    if (c == null) {
      Cell created = new Cell();
      c = cells.compareAndExchange(stripe, null, created);
      if (c == null) {
        c = created;
        int bits = active;
        while (!ACTIVE.compareAndSet(this, bits, bits | (1 << stripe))) {
          bits = active;
        }
      }
    }
    return c;
  }

  // Thread ids are small and sequential; the multiplicative hash spreads neighbours over the cells.
  @SuppressWarnings("deprecation") // Thread.getId: threadId() needs Java 19
  static int stripeOfCurrentThread() {
    return (int)
        ((Thread.currentThread().getId() * GOLDEN)
            >>> (64 - Integer.numberOfTrailingZeros(STRIPES)));
  }

  /** Padding before the value: the JVM lays a superclass's fields first. */
  @SuppressWarnings("unused")
  private abstract static class PadBefore {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
  }

  /** The value, between the paddings. */
  private abstract static class Value extends PadBefore {
    volatile long value;
  }

  /** One stripe's cell: the value and padding after it. */
  @SuppressWarnings("unused")
  private static final class Cell extends Value {
    private static final VarHandle VALUE;

    static {
      try {
        VALUE = MethodHandles.lookup().findVarHandle(Value.class, "value", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

    void add(long delta) {
      VALUE.getAndAdd(this, delta);
    }

    long takeAll() {
      return (long) VALUE.getAndSet(this, 0L);
    }
  }
}
