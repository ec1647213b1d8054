package dev.cloudnative.mesh.balancer;

import dev.cloudnative.mesh.LoadBalancingPolicy;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates the {@link Balancer} of a {@link LoadBalancingPolicy}. Stateless; thread-safe. */
public final class Balancers {

  private Balancers() {}

  /**
   * @param policy the policy
   * @param ids endpoint ids (used by consistent hashing)
   * @param weights endpoint weights
   * @param inFlight live in-flight counters (used by least request)
   * @param phase starting phase of round robin
   */
  public static Balancer create(
      LoadBalancingPolicy policy,
      String[] ids,
      int[] weights,
      AtomicInteger[] inFlight,
      long phase) {
    switch (policy) {
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
}
