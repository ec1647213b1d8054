package dev.cloudnative.mesh.balancer;

import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.MeshRequest;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * Peak-EWMA by the power of two choices (Finagle's and Linkerd's latency-aware balancer): draw two
 * distinct candidates by weight and keep the one of lower cost, {@code rtt × (in-flight + 1)},
 * where {@code rtt} is the endpoint's {@link PeakEwma} estimate decayed to now ({@link
 * PeakEwma#cost}). Weights shape the draw, not the comparison: dividing the cost by the weight
 * would hand every pair to the heavier endpoint whenever nothing is in flight, so at light load
 * shares would not follow weights; drawn by weight, equal endpoints share in proportion to it. The
 * estimate reacts to a latency peak at once and forgets it with the configured time constant, and
 * the in-flight factor makes a slow endpoint's queue count against it before its answers arrive, so
 * slow or overloaded endpoints get less traffic without a herd on the fastest one. Estimates and
 * in-flight counters live with the endpoints and survive rebuilds of the balancer.
 *
 * <p>Thread-safe; lock-free; allocation-free; reads two counters, two estimates and (for {@link
 * #pick(MeshRequest)} only) the clock per pick, writes nothing.
 */
public final class PeakEwmaBalancer implements Balancer {

  private final IntervalTable table;
  private final int[] weights;
  private final IntSupplier[] inFlight;
  private final PeakEwma[] rtt;
  private final MeshClock clock;

  /**
   * @param weights positive weights
   * @param inFlight the live in-flight counter of each endpoint (same order)
   * @param rtt the live estimate of each endpoint (same order)
   * @param clock the clock the estimates are kept on
   */
  public PeakEwmaBalancer(
      int[] weights, AtomicInteger[] inFlight, PeakEwma[] rtt, MeshClock clock) {
    this(weights, Balancers.inFlightOf(Objects.requireNonNull(inFlight, "inFlight")), rtt, clock);
  }

  /**
   * @param weights positive weights
   * @param inFlight the live in-flight count of each endpoint (same order), read at each pick (the
   *     mesh's are striped per thread, see {@link dev.cloudnative.mesh.stats.StripedCounter})
   * @param rtt the live estimate of each endpoint (same order)
   * @param clock the clock the estimates are kept on
   */
  public PeakEwmaBalancer(int[] weights, IntSupplier[] inFlight, PeakEwma[] rtt, MeshClock clock) {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(inFlight, "inFlight");
    Objects.requireNonNull(rtt, "rtt");
    Objects.requireNonNull(clock, "clock");
    if (weights.length != inFlight.length || weights.length != rtt.length) {
      throw new IllegalArgumentException(
          "weights ("
              + weights.length
              + "), in-flight counters ("
              + inFlight.length
              + ") and estimates ("
              + rtt.length
              + ") differ in length");
    }
    this.table = new IntervalTable(weights);
    this.weights = weights.clone();
    this.inFlight = inFlight.clone();
    this.rtt = rtt.clone();
    this.clock = clock;
  }

  @Override
  public int size() {
    return weights.length;
  }

  @Override
  public int pick(MeshRequest request) {
    Objects.requireNonNull(request, "request");
    return weights.length == 1 ? 0 : pick(request, clock.nanoTime());
  }

  @Override
  public int pick(MeshRequest request, long nowNanos) {
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
    // Ties (equal estimates, as before any answer) keep the first, weight-drawn candidate.
    return rtt[a].cost(inFlight[a].getAsInt(), nowNanos)
            <= rtt[b].cost(inFlight[b].getAsInt(), nowNanos)
        ? a
        : b;
  }
}
