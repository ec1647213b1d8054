package dev.cloudnative.mesh.circuitbreaker;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last N outcomes in a ring of ints, with running totals, built so that threads recording at
 * once do not write the same cache lines.
 *
 * <p>Slots: a global cursor hands out the ring's blocks of {@code B} slots in turn (N/4, at most
 * 16; 1 for rings under 8); each stripe (a thread's id picks one of {@value #STRIPES}, as in round
 * robin) fills its block slot by slot with plain writes to its own cursor, so the shared cursor is
 * written once per {@code B} records and each block of the ring sits on cache lines of its own (128
 * bytes apart, away from the array's header). A record swaps its outcome into the slot with one
 * atomic exchange, learning what it evicts. With one thread this is exactly a ring of the last N
 * outcomes; with several, up to {@code B - 1} of the N outcomes per recording thread are from the
 * ring's previous round (a block claimed but not yet filled), which only shifts which old outcome
 * is evicted first. Two threads that share a stripe may take the same slot: each exchange is
 * atomic, so the totals stay those of the ring.
 *
 * <p>Totals: each stripe keeps its own packed {@link WindowCounts} delta sum, added to only when a
 * record changes the ring (a success evicting a success changes nothing and writes no counter); the
 * window's totals are the sum over the stripes, which is exact because the packing is linear. The
 * sum is read only when a record may have raised the failure or slow rate (a new call, or a failure
 * or slow outcome replacing a better one): a record that lowers them or leaves them alone cannot
 * trip a breaker and returns {@link #UNCHANGED}.
 *
 * <p>Clean: a full ring of successes that were not slow is unchanged by one more such success,
 * whichever slot it would evict, so while the ring is in that state such a record reads one flag
 * and returns: no cursor, no slot, no counter, nothing written, and threads recording successes at
 * once share the flag's cache line read-only (what a breaker in front of a healthy endpoint does
 * almost always). The flag is set by a record that finds the totals clean (the one filling the
 * ring, or a success evicting the last failed or slow outcome) with a compare-and-set against the
 * version it read before summing; every failed or slow record that changes the ring bumps the
 * version after adding its delta (which also clears the flag), so a flag set from totals that
 * missed that delta is either refused or cleared. Between a failure's slot exchange and its bump,
 * other threads may still skip successes; those successes then leave the window one record later
 * than a strict ring would drop its oldest outcome, as with the blocks above.
 *
 * <p>No lock, no allocation after construction. Thread-safe.
 */
final class CountWindow implements OutcomeWindow {

  /** What {@link #record} returns when the outcome cannot have raised a rate: zero calls. */
  static final long UNCHANGED = 0L;

  private static final int RECORDED = 1;
  private static final int FAILED = 2;
  private static final int SLOW = 4;

  /** Stripes of cursors and totals; a power of two. */
  static final int STRIPES = 8;

  /** Longs between two stripes (128 bytes): each on cache lines of its own. */
  private static final int SPACING = 16;

  private static final int NEXT = 0;
  private static final int END = 1;
  private static final int TOTALS = 2;

  /** Ints between two blocks of slots (128 bytes), so that no two blocks share a cache line. */
  private static final int BLOCK_SPACING = 32;

  private static final int MAX_BLOCK = 16;
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final int size;
  private final int block;
  private final int blockSpacing;
  private final int blockOffset;
  private final int blocks;
  private final AtomicIntegerArray slots;
  // The claim cursor, alone in the middle of a padded array.
  private final AtomicLongArray claim = new AtomicLongArray(2 * SPACING);
  private final AtomicLongArray stripes = new AtomicLongArray(SPACING * (STRIPES + 1));
  // The clean flag (bit 0) and its version (the rest), alone in the middle of a padded array.
  private final AtomicLongArray mark = new AtomicLongArray(2 * SPACING);
  private final long cleanTotals;

  /**
   * @param size the number of outcomes the window holds
   */
  CountWindow(int size) {
    this(size, blockFor(size));
  }

  /**
   * @param size the number of outcomes the window holds
   * @param block slots handed to a stripe at once (1..16); 1 records every outcome in strict order,
   *     as a half-open trial must
   */
  CountWindow(int size, int block) {
    this.size = size;
    this.block = block;
    this.blockSpacing = block == 1 ? 1 : BLOCK_SPACING;
    this.blockOffset = block == 1 ? 0 : BLOCK_SPACING;
    this.blocks = (size + block - 1) / block;
    this.slots = new AtomicIntegerArray(blockOffset + blocks * blockSpacing);
    this.cleanTotals = size * WindowCounts.ONE_CALL;
  }

  /** A quarter of the ring, at most 16 (a cache line of ints), at least 1. */
  static int blockFor(int size) {
    return Math.max(1, Math.min(MAX_BLOCK, size / 4));
  }

  @Override
  public long record(long nowNanos, boolean failure, boolean slow) {
    boolean plain = !failure && !slow;
    if (plain && (mark.get(SPACING) & 1) != 0) {
      return UNCHANGED;
    }
    int outcome = RECORDED | (failure ? FAILED : 0) | (slow ? SLOW : 0);
    int base = SPACING * (stripeOfCurrentThread() + 1);
    int logical;
    if (block == 1) {
      logical = (int) (claim.getAndIncrement(SPACING) % size);
    } else {
      // Plain reads and writes: a stripe is in practice one thread's; two threads racing on one
      // may take the same slot or lose a block's rest for a round, never corrupt the totals.
      logical = (int) stripes.getPlain(base + NEXT);
      if (logical >= (int) stripes.getPlain(base + END)) {
        // The ring's blocks in turn (the last one holds the remainder of size / block).
        int start = (int) (claim.getAndIncrement(SPACING) % blocks) * block;
        stripes.setPlain(base + END, Math.min(start + block, size));
        logical = start;
      }
      stripes.setPlain(base + NEXT, logical + 1);
    }
    int evicted =
        slots.getAndSet(blockOffset + (logical / block) * blockSpacing + logical % block, outcome);
    if (evicted == outcome) {
      return UNCHANGED;
    }
    stripes.getAndAdd(base + TOTALS, pack(outcome) - pack(evicted));
    if (!plain) {
      bumpVersion();
    }
    boolean raises =
        evicted == 0
            || ((outcome & FAILED) != 0 && (evicted & FAILED) == 0)
            || ((outcome & SLOW) != 0 && (evicted & SLOW) == 0);
    if (plain) {
      // It filled a slot or replaced a failed or slow outcome: the ring may be clean now.
      long version = mark.get(SPACING);
      long totals = sum();
      if (totals == cleanTotals) {
        mark.compareAndSet(SPACING, version, version | 1);
      }
      return raises ? totals : UNCHANGED;
    }
    return raises ? sum() : UNCHANGED;
  }

  /** A new version with the clean flag cleared. */
  private void bumpVersion() {
    long m;
    do {
      m = mark.get(SPACING);
    } while (!mark.compareAndSet(SPACING, m, (m | 1) + 1));
  }

  /**
   * @return whether the ring is flagged clean (full, no failed or slow outcome), for tests
   */
  boolean clean() {
    return (mark.get(SPACING) & 1) != 0;
  }

  @Override
  public long totals(long nowNanos) {
    return sum();
  }

  private long sum() {
    long total = 0;
    for (int s = 1; s <= STRIPES; s++) {
      total += stripes.get(SPACING * s + TOTALS);
    }
    return total;
  }

  private static long pack(int outcome) {
    if (outcome == 0) {
      return 0;
    }
    return WindowCounts.of((outcome & FAILED) != 0, (outcome & SLOW) != 0);
  }

  // Thread ids are small and sequential; the multiplicative hash spreads neighbours over the
  // stripes.
  @SuppressWarnings("deprecation") // Thread.getId: threadId() needs Java 19
  private static int stripeOfCurrentThread() {
    return (int)
        ((Thread.currentThread().getId() * GOLDEN)
            >>> (64 - Integer.numberOfTrailingZeros(STRIPES)));
  }
}
