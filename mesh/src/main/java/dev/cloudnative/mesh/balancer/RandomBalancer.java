package dev.cloudnative.mesh.balancer;

import dev.cloudnative.mesh.MeshRequest;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Weighted random choice: a uniform 32-bit draw from the thread's own generator mapped through an
 * {@link IntervalTable}. No shared writes at all, so it scales with threads. Thread-safe;
 * allocation-free.
 */
public final class RandomBalancer implements Balancer {

  private final IntervalTable table;

  public RandomBalancer(int[] weights) {
    this.table = new IntervalTable(Objects.requireNonNull(weights, "weights"));
  }

  @Override
  public int size() {
    return table.size();
  }

  @Override
  public int pick(MeshRequest request) {
    Objects.requireNonNull(request, "request");
    return table.lookup(ThreadLocalRandom.current().nextInt());
  }
}
