package dev.cloudnative.mesh.balancer;

import dev.cloudnative.mesh.LoadBalancingPolicy;
import dev.cloudnative.mesh.MeshClock;
import dev.cloudnative.mesh.PeakEwmaConfig;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/** Creates the {@link Balancer} of a {@link LoadBalancingPolicy}. Stateless; thread-safe. */
public final class Balancers {

  private Balancers() {}

  /**
   * @param policy the policy
   * @param ids endpoint ids (used by consistent hashing)
   * @param weights endpoint weights
   * @param inFlight live in-flight counters (used by least request and Peak-EWMA)
   * @param phase starting phase of round robin
   * @return the balancer; for {@link LoadBalancingPolicy#PEAK_EWMA}, over fresh estimates of {@link
   *     PeakEwmaConfig#ofDefaults()} on the system clock (the mesh keeps its own, per endpoint)
   */
  public static Balancer create(
      LoadBalancingPolicy policy, String[] ids, int[] weights, IntSupplier[] inFlight, long phase) {
    requireArguments(policy, ids, weights, inFlight);
    if (policy == LoadBalancingPolicy.PEAK_EWMA) {
      // Fresh estimates on the system clock: for callers that keep none (benchmarks, tools).
      PeakEwma[] rtt = new PeakEwma[weights.length];
      long now = System.nanoTime();
      for (int i = 0; i < rtt.length; i++) {
        rtt[i] = new PeakEwma(PeakEwmaConfig.ofDefaults(), now);
      }
      return create(policy, ids, weights, inFlight, rtt, MeshClock.system(), phase);
    }
    return create(policy, ids, weights, inFlight, null, null, phase);
  }

  /**
   * @param policy the policy
   * @param ids endpoint ids (used by consistent hashing)
   * @param weights endpoint weights
   * @param inFlight live in-flight counters (used by least request and Peak-EWMA)
   * @param rtt live round-trip-time estimates (used by Peak-EWMA, may be {@code null} otherwise)
   * @param clock the clock of the estimates (used by Peak-EWMA, may be {@code null} otherwise)
   * @param phase starting phase of round robin
   */
  public static Balancer create(
      LoadBalancingPolicy policy,
      String[] ids,
      int[] weights,
      IntSupplier[] inFlight,
      PeakEwma[] rtt,
      MeshClock clock,
      long phase) {
    requireArguments(policy, ids, weights, inFlight);
    switch (policy) {
      case PEAK_EWMA:
        return new PeakEwmaBalancer(
            weights,
            inFlight,
            Objects.requireNonNull(rtt, "rtt"),
            Objects.requireNonNull(clock, "clock"));
      case ROUND_ROBIN:
        return new RoundRobinBalancer(weights, phase);
      case RANDOM:
        return new RandomBalancer(weights);
      case LEAST_REQUEST:
        return new LeastRequestBalancer(weights, inFlight);
      case CONSISTENT_HASH:
        return new MaglevBalancer(ids, weights);
      default:
        throw new IllegalArgumentException(
            "load-balancing policy was "
                + policy
                + "; allowed one of "
                + java.util.Arrays.toString(LoadBalancingPolicy.values()));
    }
  }

  /**
   * The in-flight views of counters the caller keeps itself, for the balancers' {@code
   * IntSupplier[]} parameters.
   *
   * @param counters one per endpoint, none {@code null}
   */
  public static IntSupplier[] inFlightOf(AtomicInteger... counters) {
    Objects.requireNonNull(counters, "counters");
    IntSupplier[] views = new IntSupplier[counters.length];
    for (int i = 0; i < counters.length; i++) {
      views[i] = Objects.requireNonNull(counters[i], "counters[" + i + "]")::get;
    }
    return views;
  }

  private static void requireArguments(
      LoadBalancingPolicy policy, String[] ids, int[] weights, IntSupplier[] inFlight) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(inFlight, "inFlight");
  }
}
