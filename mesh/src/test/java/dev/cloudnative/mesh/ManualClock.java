package dev.cloudnative.mesh;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MeshClock} that moves only when told to, for deterministic state-machine tests.
 * Thread-safe.
 */
public final class ManualClock implements MeshClock {

  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  @Override
  public long nanoTime() {
    return now.get();
  }

  public void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  public void advanceNanos(long nanos) {
    now.addAndGet(nanos);
  }
}
