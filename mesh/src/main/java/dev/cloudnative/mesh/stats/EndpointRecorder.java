package dev.cloudnative.mesh.stats;

import dev.cloudnative.mesh.LatencySnapshot;

/**
 * Per-endpoint outcome counters (requests are successes + failures + in-flight, so starting an
 * attempt costs no extra counter). Striped counters ({@link StripedCounter}) keep recorders on
 * other threads off each other's cache lines; the latency histogram is created on the first
 * recorded attempt, so large, mostly idle subsets cost little memory. Thread-safe.
 */
public final class EndpointRecorder {

  private final StripedCounter successes = new StripedCounter();
  private final StripedCounter failures = new StripedCounter();
  private final StripedCounter rejections = new StripedCounter();
  private volatile LatencyRecorder latency;

  public void onOutcome(boolean success, long nanos) {
    (success ? successes : failures).increment();
    LatencyRecorder l = latency;
    if (l == null) {
      l = createLatency();
    }
    l.record(nanos);
  }

  public void onRejected() {
    rejections.increment();
  }

  private synchronized LatencyRecorder createLatency() {
    if (latency == null) {
      latency = new LatencyRecorder();
    }
    return latency;
  }

  public long successes() {
    return successes.sum();
  }

  public long failures() {
    return failures.sum();
  }

  public long rejections() {
    return rejections.sum();
  }

  public LatencySnapshot latency() {
    LatencyRecorder l = latency;
    return l == null ? LatencySnapshot.EMPTY : l.snapshot();
  }
}
