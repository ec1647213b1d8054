package dev.cloudnative.mesh.balancer;

import dev.cloudnative.mesh.MeshRequest;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Smooth weighted round robin by golden-ratio stride scheduling.
 *
 * <p>Algorithm: a shared 64-bit cursor advances by a fixed stride of 2^64/φ (φ the golden ratio)
 * per pick; its top 32 bits are a point on the unit circle and the {@link IntervalTable} maps it to
 * the endpoint owning that point, so an endpoint of weight share p receives a p-long arc. The
 * points k/φ mod 1 form a Weyl sequence with the lowest possible discrepancy: among any N
 * consecutive picks an endpoint receives N·p picks give or take O(log N), and consecutive points
 * land ~0.618 of the circle apart, so an endpoint is picked twice in a row only when its share
 * exceeds 0.38. This is smooth interleaving (like EDF or stride scheduling) without a heap, a lock
 * or a list expanded by weight: one atomic add and an expected O(1) table walk, allocation-free.
 *
 * <p>First-pick problem: Envoy's EDF starts every instance at the same deadline state, so instances
 * that start together all favour the heaviest endpoints first (envoyproxy/envoy#31378). Here each
 * balancer starts at a random phase, so the first picks of independent instances are spread in
 * proportion to weight.
 *
 * <p>Threads: one cursor shared by every thread makes each pick a contended atomic add (40-60 ns
 * with two busy threads on two cores). The cursor is therefore striped: a thread's id picks one of
 * {@value #STRIPES} cursors, each on its own cache lines and out of phase with the others, advanced
 * with plain (not locked) writes. A single thread sees exactly the sequence above; several threads
 * each see a smooth sequence of their own, and their merge is still weight-proportional.
 *
 * <p>Thread-safe; lock-free.
 */
public final class RoundRobinBalancer implements Balancer {

  /** 2^64 / φ, odd: the Weyl stride. */
  static final long GOLDEN_STRIDE = 0x9E3779B97F4A7C15L;

  /** Cursor stripes; a power of two. */
  static final int STRIPES = 16;

  /**
   * Longs between two cursors (128 bytes): every pick writes its cursor, so each sits on cache
   * lines of its own, away from the other stripes and from the read-mostly table (adjacent-line
   * prefetch included).
   */
  private static final int SPACING = 16;

  /** Offsets the stripes' phases from each other: another odd constant, unrelated to the stride. */
  private static final long STRIPE_PHASE = 0x632BE59BD9B4E019L;

  private final IntervalTable table;
  private final AtomicLongArray cursors = new AtomicLongArray(SPACING * (STRIPES + 1));

  /**
   * @param weights positive weights
   * @param initialPhase the starting cursor; pass a random value per instance
   */
  public RoundRobinBalancer(int[] weights, long initialPhase) {
    this.table = new IntervalTable(Objects.requireNonNull(weights, "weights"));
    for (int stripe = 0; stripe < STRIPES; stripe++) {
      cursors.set(index(stripe), initialPhase + stripe * STRIPE_PHASE);
    }
  }

  @Override
  public int size() {
    return table.size();
  }

  @Override
  public int pick(MeshRequest request) {
    Objects.requireNonNull(request, "request");

    // Plain read and write, no locked instruction: a stripe is in practice one thread's. Two
    // threads racing on
    // one stripe can only both take the same point (one repeated pick), never break the table walk.
    int i = index(stripeOfCurrentThread());
    long point = cursors.getPlain(i);
    cursors.setPlain(i, point + GOLDEN_STRIDE);
    return table.lookup((int) (point >>> 32));
  }

  /**
   * @return the first stripe's cursor, so a rebuilt balancer can continue the same sequence
   */
  public long phase() {
    return cursors.get(index(0));
  }

  // Thread ids are small and sequential; the multiplicative hash spreads neighbours over the
  // stripes.
  @SuppressWarnings("deprecation") // Thread.getId: threadId() needs Java 19
  private static int stripeOfCurrentThread() {
    return (int)
        ((Thread.currentThread().getId() * GOLDEN_STRIDE)
            >>> (64 - Integer.numberOfTrailingZeros(STRIPES)));
  }

  private static int index(int stripe) {
    return SPACING * (stripe + 1);
  }
}
