package dev.cloudnative.mesh.balancer;

import dev.cloudnative.mesh.MeshRequest;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Least request by the power of two choices (Mitzenmacher): draw two distinct candidates by weight
 * and keep the one with fewer in-flight requests per unit of weight. Two random choices avoid the
 * herd behaviour of "global least" (every client piling onto the same idle endpoint) while still
 * shrinking the maximum load exponentially compared to one random choice. In-flight counters live
 * with the endpoints and survive rebuilds of the balancer.
 *
 * <p>Thread-safe; allocation-free; reads two counters per pick.
 */
public final class LeastRequestBalancer implements Balancer {

  private final IntervalTable table;
  private final int[] weights;
  private final IntSupplier[] inFlight;

  /**
   * @param weights positive weights
   * @param inFlight the live in-flight counter of each endpoint (same order)
   */
  public LeastRequestBalancer(int[] weights, AtomicInteger[] inFlight) {
    this(weights, Balancers.inFlightOf(Objects.requireNonNull(inFlight, "inFlight")));
  }

  /**
   * @param weights positive weights
   * @param inFlight the live in-flight count of each endpoint (same order), read at each pick (the
   *     mesh's are striped per thread, see {@link dev.cloudnative.mesh.stats.StripedCounter})
   */
  public LeastRequestBalancer(int[] weights, IntSupplier[] inFlight) {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(inFlight, "inFlight");
    if (weights.length != inFlight.length) {
      throw new IllegalArgumentException(
          "weights ("
              + weights.length
              + ") and in-flight counters ("
              + inFlight.length
              + ") differ in length");
    }
    this.table = new IntervalTable(weights);
    this.weights = weights.clone();
    this.inFlight = inFlight.clone();
  }

  @Override
  public int size() {
    return weights.length;
  }

  @Override
  public int pick(MeshRequest request) {
    Objects.requireNonNull(request, "request");
    int n = weights.length;
    if (n == 1) {
      return 0;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int a = table.lookup(random.nextInt());
    int b = table.lookup(random.nextInt());
    if (a == b) {
      // One heavy endpoint can win both draws; fall back to a uniform second candidate.
      b = random.nextInt(n - 1);
      if (b >= a) {
        b++;
      }
    }
    long loadA = (long) inFlight[a].getAsInt() * weights[b];
    long loadB = (long) inFlight[b].getAsInt() * weights[a];
    return loadA <= loadB ? a : b;
  }
}
