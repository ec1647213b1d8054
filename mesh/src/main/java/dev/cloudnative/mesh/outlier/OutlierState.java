package dev.cloudnative.mesh.outlier;

import dev.cloudnative.mesh.stats.StripedCounter;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Outlier-detection state of one endpoint; it outlives rebuilds of the balancers. Call outcomes
 * update it without locks; ejection fields are written only under the owning {@link
 * OutlierDetector}'s lock. Thread-safe.
 */
public final class OutlierState {

  final String endpointId;
  final AtomicInteger consecutiveFailures = new AtomicInteger();
  // Striped per thread: every call adds to one of them (see StripedCounter).
  final StripedCounter intervalSuccesses = new StripedCounter();
  final StripedCounter intervalFailures = new StripedCounter();
  volatile boolean ejected;
  volatile long ejectedUntil = Long.MIN_VALUE;
  volatile int ejections;

  public OutlierState(String endpointId) {
    this.endpointId = Objects.requireNonNull(endpointId, "endpointId");
  }

  public String endpointId() {
    return endpointId;
  }

  /**
   * @return whether the endpoint is ejected (until its ejection time has been released by the
   *     detector)
   */
  public boolean ejected() {
    return ejected;
  }

  /**
   * @return the clock time (nanos) its current ejection ends; {@link Long#MIN_VALUE} when not
   *     ejected
   */
  public long ejectedUntil() {
    return ejected ? ejectedUntil : Long.MIN_VALUE;
  }

  /**
   * @return how many consecutive ejections the endpoint has accumulated
   */
  public int ejections() {
    return ejections;
  }
}
