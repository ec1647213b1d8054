package dev.cloudnative.mesh.balancer;

import java.util.concurrent.atomic.AtomicInteger;

class RandomBalancerTest extends BalancerContractTest {

  @Override
  Balancer create(int[] weights, AtomicInteger[] inFlight) {
    return new RandomBalancer(weights);
  }
}
