package dev.cloudnative.mesh.balancer;

import dev.cloudnative.mesh.MeshRequest;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Smooth weighted round robin by golden-ratio stride scheduling.
 *
 * <p>Algorithm: a shared 64-bit cursor advances by a fixed stride of 2^64/φ (φ the golden ratio) per pick; its top 32
 * bits are a point on the unit circle and the {@link IntervalTable} maps it to the endpoint owning that point, so an
 * endpoint of weight share p receives a p-long arc. The points k/φ mod 1 form a Weyl sequence with the lowest
 * possible discrepancy: among any N consecutive picks an endpoint receives N·p picks give or take O(log N), and
 * consecutive points land ~0.618 of the circle apart, so an endpoint is picked twice in a row only when its share
 * exceeds 0.38. This is smooth interleaving (like EDF or stride scheduling) without a heap, a lock or a list expanded
 * by weight: one atomic add and an expected O(1) table walk, allocation-free.
 *
 * <p>First-pick problem: Envoy's EDF starts every instance at the same deadline state, so instances that start
 * together all favour the heaviest endpoints first (envoyproxy/envoy#31378). Here each balancer starts at a random
 * phase, so the first picks of independent instances are spread in proportion to weight.
 *
 * <p>Thread-safe; lock-free.
 */
public final class RoundRobinBalancer implements Balancer {

    /** 2^64 / φ, odd: the Weyl stride. */
    static final long GOLDEN_STRIDE = 0x9E3779B97F4A7C15L;

    /** The cursor sits in the middle of a 17-long array so that 64 bytes on each side keep it off the cache lines of
     * the read-mostly table: every pick writes it, and false sharing would make other cores re-fetch the table. */
    private static final int CURSOR = 8;

    private final IntervalTable table;
    private final AtomicLongArray cursor = new AtomicLongArray(2 * CURSOR + 1);

    /**
     * @param weights      positive weights
     * @param initialPhase the starting cursor; pass a random value per instance
     */
    public RoundRobinBalancer(int[] weights, long initialPhase) {
        this.table = new IntervalTable(weights);
        this.cursor.set(CURSOR, initialPhase);
    }

    @Override
    public int size() {
        return table.size();
    }

    @Override
    public int pick(MeshRequest request) {
        return table.lookup((int) (cursor.getAndAdd(CURSOR, GOLDEN_STRIDE) >>> 32));
    }

    /** @return the cursor, so a rebuilt balancer can continue the same sequence */
    public long phase() {
        return cursor.get(CURSOR);
    }
}
